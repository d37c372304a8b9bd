package org.sv2translator.v1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one connection: decodes each line (framed by {@code LineBasedFrameDecoder}), runs the session
 * state machine, asks the {@link V1Backend}, and writes the response. Responses are written as requests are read
 * and flushed once per read batch, so they leave in request order. Releases every inbound buffer.
 *
 * <p>Per-connection limits enforced here: the error budget, worker-name rules ({@link WorkerName}), the handshake
 * timeout, the invalid-share bucket and the slow-reader timer (see {@link V1ServerConfig}).
 *
 * <p>All mutable state is owned by the channel's event loop: every method here and every task it schedules runs
 * there.
 */
final class V1SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(V1SessionHandler.class);
    /** One throttle per close reason, so a flood of one kind cannot hide the others. */
    static final LogThrottle CLOSE_LOG = new LogThrottle(1000);
    private static final LogThrottle LONG_LINE_LOG = new LogThrottle(1000);
    static final LogThrottle BUDGET_LOG = new LogThrottle(1000);
    static final LogThrottle HANDSHAKE_LOG = new LogThrottle(1000);
    static final LogThrottle INVALID_SHARES_LOG = new LogThrottle(1000);
    static final LogThrottle WORKER_NAME_LOG = new LogThrottle(1000);
    /** How long a connection closed for bad input may keep sending (discarded) before it is cut. */
    static final long LINGER_MILLIS = 1000;
    /** Longest error message quoted in a log line (our text, which may embed a miner's method name). */
    private static final int MAX_LOGGED_REASON = 128;

    private final V1Session session;
    private final V1Backend backend;
    private final V1ServerConfig config;
    private final LongSupplier clock;
    private int budget;
    private boolean ready;
    private boolean closing;
    /** Closes a connection that is not ready in time; null before it is scheduled and once ready or closed. */
    private ScheduledFuture<?> handshakeTimer;
    /** The one pending slow-reader check: scheduled when the channel turns unwritable, cancelled when writable. */
    private ScheduledFuture<?> slowReaderTimer;
    /** Tokens for rejected submits; created on the first one, since most connections never send one. */
    private TokenBucket invalidShares;

    V1SessionHandler(V1Session session, V1Backend backend, V1ServerConfig config, LongSupplier clock) {
        this.session = session;
        this.backend = backend;
        this.config = config;
        this.clock = clock;
        this.budget = config.errorBudget();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // An accepted connection is already active when the initializer adds us: no channelActive will follow.
        if (ctx.channel().isActive()) {
            startHandshakeTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startHandshakeTimer(ctx);
        ctx.fireChannelActive();
    }

    private void startHandshakeTimer(ChannelHandlerContext ctx) {
        if (handshakeTimer == null && !ready && !closing) {
            handshakeTimer = ctx.executor().schedule(() -> handshakeTimedOut(ctx),
                    config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void handshakeTimedOut(ChannelHandlerContext ctx) {
        if (ready || closing || !ctx.channel().isActive()) {
            return;
        }
        closing = true;
        HANDSHAKE_LOG.warn(LOG, "closing V1 session {} from {}: not subscribed with an authorized worker within the"
                + " handshake timeout of {} (subscribed: {}, workers authorized: {})", session.id(),
                session.remoteAddress(), seconds(config.handshakeTimeout()), session.isSubscribed() ? "yes" : "no",
                session.workerCount());
        session.disconnects().increment(Disconnects.Reason.HANDSHAKE_TIMEOUT);
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf line = (ByteBuf) msg;
        try {
            if (closing) {
                return;
            }
            V1Request request;
            try {
                request = V1Codec.decodeRequest(line);
            } catch (V1DecodeException e) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: bad request: {}", session, MinerText.forLog(e.getMessage(), MAX_LOGGED_REASON));
                }
                if (V1Request.Submit.METHOD.equals(e.method()) && outOfInvalidShares(ctx, e.id())) {
                    return;
                }
                if (e.answerable()) {
                    respond(ctx, V1Response.error(e.id(), e.error()));
                }
                charge(ctx, e.getMessage());
                return;
            }
            handle(ctx, request);
        } finally {
            line.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, V1Request request) {
        V1Response response;
        boolean ourFault = false;
        try {
            response = dispatch(request);
        } catch (RuntimeException e) {
            LOG.warn("{}: backend failed on {}", session, MinerText.forLog(request.method()), e);
            response = V1Response.error(request.id(), V1Error.other("Internal error"));
            ourFault = true; // a broken backend must not disconnect every miner for "invalid" shares
        }
        if (request instanceof V1Request.Submit && response != null && response.isError() && !ourFault
                && outOfInvalidShares(ctx, request.id())) {
            return;
        }
        boolean bad = response != null && response.isError() && isMinersFault(response.error(), request);
        if (response != null && !request.id().isNull()) {
            respond(ctx, response);
        }
        if (bad) {
            charge(ctx, response.error().message());
        } else if (budget < config.errorBudget()) {
            budget++;
        }
        if (!ready && session.isSubscribed() && session.workerCount() > 0) {
            ready = true;
            cancel(handshakeTimer);
            handshakeTimer = null;
            ctx.flush();
            backend.onReady(session);
        }
    }

    /**
     * Takes a token for a rejected submit. When there is none left, answers {@code id} with the reason instead of
     * the share's own error and closes the connection after that answer.
     *
     * @return true when the connection is closing (nothing more is to be answered)
     */
    private boolean outOfInvalidShares(ChannelHandlerContext ctx, RequestId id) {
        if (config.invalidShareRate() == 0) {
            return false;
        }
        if (invalidShares == null) {
            invalidShares = new TokenBucket(config.invalidShareRate(), config.invalidShareBurst());
        }
        if (invalidShares.tryAcquire(clock.getAsLong())) {
            return false;
        }
        String why = "Too many invalid shares: more than " + config.invalidShareRate() + " per second (burst "
                + config.invalidShareBurst() + ")";
        INVALID_SHARES_LOG.warn(LOG, "closing V1 session {} from {}: {}", session.id(), session.remoteAddress(), why);
        session.disconnects().increment(Disconnects.Reason.INVALID_SHARES);
        closeAfterAnswers(ctx, V1Codec.encode(ctx.alloc(), V1Response.error(id, V1Error.other(why))));
        return true;
    }

    /** Errors that mean a broken or abusive client (charged to its budget), not an ordinary share rejection. */
    private static boolean isMinersFault(V1Error error, V1Request request) {
        if (request instanceof V1Request.Authorize) {
            return WorkerName.isRefusal(error);
        }
        if (request instanceof V1Request.Submit) {
            int c = error.code();
            return c == V1Error.CODE_UNAUTHORIZED || c == V1Error.CODE_NOT_SUBSCRIBED
                    || error == V1SubmitCheck.WRONG_EXTRANONCE2_SIZE || error == V1SubmitCheck.VERSION_BITS_OUTSIDE_MASK;
        }
        // bfgminer announces mining.capabilities as an id-null notification by design: not a fault.
        return request instanceof V1Request.Unknown && !request.id().isNull();
    }

    /** @return the response, or null for requests answered by nothing but a hook call */
    private V1Response dispatch(V1Request request) {
        RequestId id = request.id();
        if (request instanceof V1Request.Submit s) {
            return V1SubmitCheck.answer(session, backend, s);
        }
        if (request instanceof V1Request.Subscribe s) {
            if (!session.isSubscribed()) {
                SubscribeDecision d = backend.onSubscribe(session, s.userAgent(), s.sessionId());
                if (d instanceof SubscribeDecision.Refuse r) {
                    return V1Response.error(id, r.error());
                }
                SubscribeDecision.Accept a = (SubscribeDecision.Accept) d;
                session.subscribed(a.extranonce1().clone(), a.extranonce2Size(), s.userAgent());
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: subscribed, user agent {}", session, MinerText.forLog(s.userAgent()));
                }
            }
            // A repeated subscribe gets the same answer: the extranonce space is already this session's.
            String subscriptionId = Long.toHexString(session.id());
            return V1Response.ok(id, new V1Response.SubscribeResult(
                    List.of(List.of(V1Notification.SetDifficulty.METHOD, subscriptionId),
                            List.of(V1Notification.Notify.METHOD, subscriptionId)),
                    session.extranonce1(), session.extranonce2Size()));
        }
        if (request instanceof V1Request.Authorize a) {
            V1Error invalid = WorkerName.check(a.workerName());
            if (invalid != null) {
                WORKER_NAME_LOG.warn(LOG, "refusing worker {} on V1 session {} from {}: {}",
                        MinerText.forLog(a.workerName()), session.id(), session.remoteAddress(), invalid.message());
                return V1Response.error(id, invalid);
            }
            if (session.isAuthorized(a.workerName())) {
                return V1Response.ok(id, true);
            }
            if (session.workerCount() >= config.maxWorkersPerConnection()) {
                return V1Response.error(id, V1Error.other("Too many workers on this connection"));
            }
            V1Error refused = backend.workerRefusal(session, a.workerName());
            if (refused != null) {
                return V1Response.error(id, refused);
            }
            boolean ok = backend.authorize(session, a.workerName(), a.password());
            if (ok) {
                session.addWorker(a.workerName());
            }
            return V1Response.ok(id, ok);
        }
        if (request instanceof V1Request.Configure c) {
            return V1Response.ok(id, configure(c));
        }
        if (request instanceof V1Request.ExtranonceSubscribe) {
            session.extranonceSubscribed();
            return V1Response.ok(id, true);
        }
        if (request instanceof V1Request.SuggestDifficulty d) {
            backend.onSuggestDifficulty(session, d.difficulty());
            return V1Response.ok(id, true);
        }
        if (request instanceof V1Request.SuggestTarget t) {
            backend.onSuggestTarget(session, t.target().clone());
            return V1Response.ok(id, true);
        }
        return V1Response.error(id, V1Error.other("Method not supported: " + request.method()));
    }

    /** BIP310: one result entry per requested extension; unknown extensions are answered false, not an error. */
    private V1Response.ConfigureResult configure(V1Request.Configure c) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (String extension : c.extensions()) {
            switch (extension) {
                case V1Request.Configure.VERSION_ROLLING -> {
                    int negotiated = c.versionRollingMask() & backend.allowedVersionMask(session);
                    if (negotiated == 0) {
                        result.put(extension, false);
                    } else {
                        session.versionRolling(negotiated);
                        result.put(extension, true);
                        result.put("version-rolling.mask", Hex.u32(negotiated));
                        if (Integer.bitCount(negotiated) < c.versionRollingMinBitCount()) {
                            // BIP310: min-bit-count is diagnostic; the miner runs degraded, the pool must not drop it.
                            LOG.info("{}: negotiated version mask {} has fewer than the {} bits the miner asked for",
                                    session, Hex.u32(negotiated), c.versionRollingMinBitCount());
                        }
                    }
                }
                case V1Request.Configure.MINIMUM_DIFFICULTY -> result.put(extension,
                        !Double.isNaN(c.minimumDifficulty()) && backend.onMinimumDifficulty(session, c.minimumDifficulty()));
                case V1Request.Configure.SUBSCRIBE_EXTRANONCE -> {
                    session.extranonceSubscribed();
                    result.put(extension, true);
                }
                default -> result.put(extension, false);
            }
        }
        return new V1Response.ConfigureResult(result);
    }

    private void respond(ChannelHandlerContext ctx, V1Response response) {
        ctx.write(V1Codec.encode(ctx.alloc(), response), ctx.voidPromise());
    }

    private void charge(ChannelHandlerContext ctx, String reason) {
        if (--budget <= 0) {
            closing = true;
            BUDGET_LOG.warn(LOG, "closing V1 session {} from {}: error budget of {} bad requests exhausted (last: {})",
                    session.id(), session.remoteAddress(), config.errorBudget(),
                    MinerText.forLog(reason, MAX_LOGGED_REASON));
            session.disconnects().increment(Disconnects.Reason.ERROR_BUDGET);
            closeAfterAnswers(ctx, Unpooled.EMPTY_BUFFER);
        }
    }

    /**
     * Closes once {@code last} and the answers before it have left, without losing them to a TCP reset: closing a
     * socket that still holds unread input makes the kernel send RST, and the miner may then never read the error
     * that explains why. So: half-close (FIN after the data), discard whatever else the miner sends, and close when
     * it closes too, or after {@link #LINGER_MILLIS} at the latest.
     */
    private void closeAfterAnswers(ChannelHandlerContext ctx, ByteBuf last) {
        closing = true;
        ChannelFuture written = ctx.writeAndFlush(last);
        if (!(ctx.channel() instanceof DuplexChannel duplex)) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        written.addListener(f -> {
            if (f.isSuccess()) {
                duplex.shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            } else {
                ctx.close();
            }
        });
        ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    /**
     * Unwritable: starts the slow-reader timer unless one is pending; writable again: cancels it. So at most one
     * timer per connection, however often a reader at the edge of the water mark flips, and it fires only after
     * {@code slowReaderTimeout} of being unwritable without a break.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            if (slowReaderTimer == null) {
                slowReaderTimer = ctx.executor().schedule(() -> slowReaderTimedOut(ctx),
                        config.slowReaderTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        } else if (slowReaderTimer != null) {
            slowReaderTimer.cancel(false);
            slowReaderTimer = null;
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void slowReaderTimedOut(ChannelHandlerContext ctx) {
        slowReaderTimer = null;
        if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
            session.disconnects().increment(Disconnects.Reason.SLOW_READER);
            session.close("slow reader: outbound buffer above " + config.writeBufferHighWaterMark()
                    + " bytes for " + seconds(config.slowReaderTimeout()));
        }
    }

    /** Whether a slow-reader check is scheduled (tests). */
    boolean slowReaderTimerPending() {
        return slowReaderTimer != null && !slowReaderTimer.isDone();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            session.disconnects().increment(Disconnects.Reason.IDLE);
            session.close("idle for " + config.idleTimeout().toSeconds() + " s");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing) {
            return;
        }
        closing = true;
        if (cause instanceof TooLongFrameException) {
            LONG_LINE_LOG.warn(LOG, "closing V1 session {} from {}: line longer than {} bytes",
                    session.id(), session.remoteAddress(), config.maxLineLength());
            session.disconnects().increment(Disconnects.Reason.LINE_TOO_LONG);
            ByteBuf error = V1Codec.encode(ctx.alloc(), V1Response.error(RequestId.NULL, V1Error.other("Line too long")));
            closeAfterAnswers(ctx, error);
        } else if (cause instanceof IOException) {
            LOG.debug("{}: connection error: {}", session, cause.toString());
            ctx.close();
        } else {
            LOG.warn("closing V1 session {} from {}: unexpected error", session.id(), session.remoteAddress(), cause);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LOG.debug("{}: disconnected", session);
        // Cancelled rather than left to find the channel closed: a cancelled task leaves the loop's timer queue now.
        cancel(handshakeTimer);
        cancel(slowReaderTimer);
        handshakeTimer = null;
        slowReaderTimer = null;
        try {
            backend.onDisconnect(session);
        } catch (RuntimeException e) {
            LOG.warn("{}: backend failed on disconnect", session, e);
        }
        ctx.fireChannelInactive();
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** "30 s", or "0.25 s" for the short timeouts of tests. */
    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
