package org.sv2translator.v1;

/**
 * What a {@link V1Server} asks of the application (the translator) about each session. Every method is called on
 * the session's event loop, in the order the miner's requests arrive, and must not block: answers are synchronous
 * so responses leave in request order and a share is answered without waiting for the pool. An exception thrown
 * here is logged and answered with error 20; the connection stays up.
 *
 * <p>Checks done before the backend is asked: a submit before subscribe gets 25, from a worker that is not
 * authorized on this connection 24, with an extranonce2 of the wrong size or (when the miner negotiated version
 * rolling) version bits outside its masks 20. Version bits from a miner that never negotiated rolling reach
 * {@link #onSubmit}: the backend decides; an authorize whose worker name breaks a {@link WorkerName} rule gets 20 naming the rule, so
 * {@link #authorize} only sees names of 1 to 255 bytes of UTF-8 without control, format or separator characters.
 * See {@link SimpleV1Backend} for a minimal implementation.
 *
 * <p>Names and user agents are the miner's text: log them through {@link MinerText#forLog}.
 */
public interface V1Backend {

    /** {@code mining.subscribe}: give the miner its extranonce1 and extranonce2 size, or refuse. */
    SubscribeDecision onSubscribe(V1Session session, String userAgent, String sessionId);

    /**
     * Asked before {@link #authorize} for a well-formed name: an error to answer instead (the application's own
     * rule, e.g. one worker per connection), or null to go on. Default: no rule of its own.
     */
    default V1Error workerRefusal(V1Session session, String workerName) {
        return null;
    }

    /** {@code mining.authorize}: whether this worker may submit on this connection. */
    boolean authorize(V1Session session, String workerName, String password);

    /**
     * The version bits this session may roll (BIP310); the negotiated mask is this AND the miner's. 0 refuses
     * version rolling. Called for each {@code mining.configure} that asks for it.
     */
    int allowedVersionMask(V1Session session);

    /** {@code mining.submit} that passed the session's checks: true, or 21 stale, 22 duplicate, 23 low difficulty.. */
    ShareVerdict onSubmit(V1Session session, V1Request.Submit submit);

    /** BIP310 minimum-difficulty: whether the floor is accepted (answered to the miner). Default: not honoured. */
    default boolean onMinimumDifficulty(V1Session session, double minimumDifficulty) {
        return false;
    }

    /** {@code mining.suggest_difficulty}: a hint for the difficulty policy (always answered true). */
    default void onSuggestDifficulty(V1Session session, double difficulty) {
    }

    /** {@code mining.suggest_target}: a hint; {@code target} is 32 bytes big-endian as the miner sent it. */
    default void onSuggestTarget(V1Session session, byte[] target) {
    }

    /**
     * The session is subscribed and has its first authorized worker; its response is already queued, so this is
     * where to send the first {@code mining.set_difficulty} and {@code mining.notify}. Called once per session.
     */
    default void onReady(V1Session session) {
    }

    /** The connection closed (for any reason). Called once, on the session's event loop. */
    default void onDisconnect(V1Session session) {
    }
}
