package org.sv2translator.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.channel.ExtranonceSpaceException;
import org.sv2translator.core.difficulty.Vardiff;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.core.share.Miner;
import org.sv2translator.core.share.SeenShares;
import org.sv2translator.core.share.ShareMemory;
import org.sv2translator.core.share.ShareOutcome;
import org.sv2translator.core.share.SharePipeline;
import org.sv2translator.core.share.WorkerRegistry;
import org.sv2translator.core.upstream.UpstreamConnection;
import org.sv2translator.v1.MinerText;
import org.sv2translator.v1.ShareVerdict;
import org.sv2translator.v1.SubscribeDecision;
import org.sv2translator.v1.V1Backend;
import org.sv2translator.v1.V1Error;
import org.sv2translator.v1.V1Request;
import org.sv2translator.v1.V1Session;

/**
 * The miners' side of the translator: their requests, each on its connection's event loop (the {@link V1Backend}
 * the V1 server calls), the miners themselves, their workers and the share pipeline. Maps the core's
 * {@link ShareOutcome} to the V1 answer ({@link V1Answers}), here and nowhere else.
 *
 * <p>Threading: every method of the backend runs on the session's event loop; {@link #miners()} is a concurrent
 * set read by the upstream loop (timer, fan-out) and the status snapshot.
 */
final class MinerSessions implements V1Backend {
    private static final Logger log = LoggerFactory.getLogger(MinerSessions.class);

    private final TranslatorConfig config;
    private final Vardiff.Config vardiff;
    /** The aggregated channel, or null in per-miner mode. */
    private final MinerChannel farm;
    /** Every mapping (the Translator's set): per-miner mode adds one per miner and removes it when it leaves. */
    private final Set<MinerChannel> mappings;
    private final Supplier<UpstreamConnection> activePool;
    private final Function<String, MinerChannel> perMinerMapping;
    private final Set<Miner> miners = ConcurrentHashMap.newKeySet();
    private final WorkerRegistry workers;
    private final SharePipeline shares;
    private final ShareMemory shareMemory;
    private final Timer submitTimer;

    /**
     * @param farm            the aggregated channel, or null in per-miner mode
     * @param mappings        the translator's mappings, which per-miner channels join and leave
     * @param activePool      the pool connection in use, or null
     * @param perMinerMapping a new per-miner mapping for a user_identity (per-miner mode)
     * @param registry        where the submit latency histogram is recorded
     */
    MinerSessions(TranslatorConfig config, MinerChannel farm, Set<MinerChannel> mappings,
                  Supplier<UpstreamConnection> activePool, Function<String, MinerChannel> perMinerMapping,
                  MeterRegistry registry) {
        this.config = config;
        this.farm = farm;
        this.mappings = mappings;
        this.activePool = activePool;
        this.perMinerMapping = perMinerMapping;
        this.vardiff = new Vardiff.Config(config.sharesPerMinute(), config.minDifficulty(),
                TranslatorConfig.RETARGET_INTERVAL.toSeconds(), config.difficultySteps());
        this.workers = new WorkerRegistry(config.limits().maxWorkers(), config.limits().recentWorkers());
        this.shares = new SharePipeline(workers);
        this.shareMemory = new ShareMemory(config.limits().sharesPerMiner(), config.limits().sharesRemembered());
        this.submitTimer = Timer.builder("sv2t.submit")
                .description("A miner's mining.submit: decoded share to verdict (validation, forwarding)")
                .publishPercentileHistogram().register(registry);
    }

    /** Subscribed miners (bounded by the V1 connection limit). */
    Set<Miner> miners() {
        return miners;
    }

    WorkerRegistry workers() {
        return workers;
    }

    SharePipeline shares() {
        return shares;
    }

    @Override
    public SubscribeDecision onSubscribe(V1Session session, String userAgent, String sessionId) {
        MinerChannel.Admission admission = null;
        byte[] extranonce1;
        SeenShares seen = null;
        if (farm != null) {
            try {
                admission = farm.admit();
            } catch (ExtranonceSpaceException e) {
                log.warn("refusing miner {}: {}", session.remoteAddress(), e.getMessage());
                return SubscribeDecision.refuse("proxy full: " + e.getMessage());
            }
            extranonce1 = admission.extranonce1();
            seen = admission.seen();
        } else {
            extranonce1 = new byte[TranslatorConfig.EXTRANONCE1_SIZE];
        }
        double start = config.initialDifficulty();
        if (farm != null) {
            start = Math.min(start, farm.channelDifficulty());
        }
        Miner miner = new Miner(session, extranonce1, seen != null ? seen : new SeenShares(shareMemory), vardiff,
                start, System.nanoTime());
        session.attach(miner);
        miners.add(miner);
        if (farm != null) {
            farm.add(miner, admission);
        }
        return SubscribeDecision.accept(extranonce1, config.extranonce2Size());
    }

    @Override
    public V1Error workerRefusal(V1Session session, String workerName) {
        if (farm != null) {
            return null; // aggregated: the pool credits the channel; names are kept for per-worker accounting
        }
        // Per-miner: the worker names the connection's channel, so one per connection. Firmware uses one; a
        // second would be credited to the first's channel, which is worse than saying no.
        for (String first : session.authorizedWorkers()) {
            return V1Error.other("per-miner mode: one worker per connection, and this one mines for "
                    + MinerText.forLog(first));
        }
        String identity = config.perMinerIdentity(workerName);
        int bytes = identity.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > TranslatorConfig.MAX_USER_IDENTITY_BYTES) {
            log.warn("refusing worker from {}: user_identity {} would be {} bytes", session.remoteAddress(),
                    MinerText.forLog(identity), bytes);
            return V1Error.other("worker name too long for the pool: prefix and name make " + bytes
                    + " bytes of user_identity, at most " + TranslatorConfig.MAX_USER_IDENTITY_BYTES);
        }
        return null;
    }

    @Override
    public boolean authorize(V1Session session, String workerName, String password) {
        workers.connect(workerName);
        return true;
    }

    @Override
    public int allowedVersionMask(V1Session session) {
        // The intersection with the miner's mask is the session's job; here: what the pool allows right now.
        // A miner that negotiates now is kept in step later: before each job, mining.set_version_mask with its
        // mask cut to what that job allows (MinerChannel). One refused now stays without rolling: BIP310 gives
        // no way to offer it later.
        UpstreamConnection connection = activePool.get();
        V1Job job = farm == null ? null : farm.lastJob();
        boolean poolAllows = (connection == null || connection.versionRollingAllowed())
                && (job == null || job.versionRollingAllowed());
        return config.versionRolling() && poolAllows ? V1Job.BIP320_MASK : 0;
    }

    @Override
    public ShareVerdict onSubmit(V1Session session, V1Request.Submit submit) {
        long start = System.nanoTime();
        ShareOutcome outcome = shares.onSubmit(session.attachment(Miner.class), submit);
        submitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return V1Answers.of(outcome);
    }

    @Override
    public void onSuggestDifficulty(V1Session session, double difficulty) {
        Miner m = session.attachment(Miner.class);
        if (m != null) {
            double max = m.route() instanceof MinerChannel mapping ? mapping.channelDifficulty() : Double.MAX_VALUE;
            m.suggestDifficulty(difficulty, max, System.nanoTime());
        }
    }

    @Override
    public void onSuggestTarget(V1Session session, byte[] target) {
        byte[] le = new byte[32];
        for (int i = 0; i < 32; i++) {
            le[i] = target[31 - i];
        }
        onSuggestDifficulty(session, Target.fromLittleEndian(le).difficulty());
    }

    @Override
    public void onReady(V1Session session) {
        // Subscribed and authorized, in whatever order the firmware sent them.
        Miner m = session.attachment(Miner.class);
        if (m == null) {
            return;
        }
        if (farm == null && m.route() == null) {
            openPerMinerChannel(session, m);
        }
        if (m.route() instanceof MinerChannel mapping) {
            mapping.ready(m);
        }
    }

    /** Per-miner mode: the miner's own channel, named after its (one) worker. */
    private void openPerMinerChannel(V1Session session, Miner miner) {
        String worker = session.authorizedWorkers().iterator().next();
        MinerChannel mapping = perMinerMapping.apply(config.perMinerIdentity(worker));
        mapping.add(miner, mapping.admit());
        mappings.add(mapping);
        UpstreamConnection connection = activePool.get();
        if (connection != null && connection.isReady()) {
            mapping.open(connection);
        }
    }

    @Override
    public void onDisconnect(V1Session session) {
        Miner m = session.attachment(Miner.class);
        if (m != null && !miners.remove(m)) {
            return; // already done
        }
        for (String name : session.authorizedWorkers()) {
            workers.disconnect(name);
        }
        if (m == null) {
            return;
        }
        if (m.route() instanceof MinerChannel mapping) {
            mapping.remove(m);
            if (mapping != farm && mappings.remove(mapping)) {
                mapping.close("miner disconnected");
            }
        }
    }
}
