package org.sv2translator.testbed.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.BlockHeader;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.testbed.pool.BlockTemplate;
import org.sv2translator.testbed.pool.TemplateFactory;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v1.ShareVerdict;
import org.sv2translator.v1.SubscribeDecision;
import org.sv2translator.v1.V1Backend;
import org.sv2translator.v1.V1Notification;
import org.sv2translator.v1.V1Request;
import org.sv2translator.v1.V1Server;
import org.sv2translator.v1.V1ServerConfig;
import org.sv2translator.v1.V1Session;

/** The swarm against a minimal V1 server that checks every share independently. */
class SwarmTest {
    private static final double EASY = 1.0 / (1 << 24);

    /** A V1 "pool" in a few lines: one job at a time, every share rebuilt and hashed here. */
    static final class CheckingBackend implements V1Backend {
        final TemplateFactory templates = new TemplateFactory(new Random(5), 40, Target.fromNBits(0x1d00ffff), 8,
                new byte[0]);
        final Map<String, V1Notification.Notify> jobs = new ConcurrentHashMap<>();
        final Map<String, Double> jobDifficulty = new ConcurrentHashMap<>();
        final Map<V1Session, Boolean> sessions = new ConcurrentHashMap<>();
        final AtomicInteger nextE1 = new AtomicInteger(1);
        final AtomicInteger valid = new AtomicInteger();
        final AtomicInteger invalid = new AtomicInteger();
        final AtomicInteger rolled = new AtomicInteger();
        /** Advanced when the test changes the miners' extranonce1: jobs sent before are stale from then on. */
        final AtomicInteger extranonceGeneration = new AtomicInteger();
        final Map<String, Integer> jobGeneration = new ConcurrentHashMap<>();
        final Map<Double, Integer> suggested = new ConcurrentHashMap<>();
        final int mask;
        volatile V1Notification.Notify current;
        volatile double difficulty = EASY;

        CheckingBackend(int mask) {
            this.mask = mask;
            newJob(true);
        }

        void newJob(boolean clean) {
            BlockTemplate t = templates.next(800_000, templates.randomHash(), 1_700_000_000);
            String id = Integer.toHexString(jobs.size() + 1);
            V1Notification.Notify n = new V1Notification.Notify(id, t.prevHash(), t.coinbase().prefix(),
                    t.coinbase().suffix(), t.merklePath().toList(), t.version(), t.nbits(), t.ntime(), clean);
            jobs.put(id, n);
            jobDifficulty.put(id, difficulty);
            jobGeneration.put(id, extranonceGeneration.get());
            current = n;
        }

        /** Sends (optionally a new difficulty, then) a new job to every session. */
        void broadcast(Double newDifficulty) {
            if (newDifficulty != null) {
                difficulty = newDifficulty;
            }
            newJob(true);
            for (V1Session s : sessions.keySet()) {
                if (newDifficulty != null) {
                    s.send(new V1Notification.SetDifficulty(newDifficulty));
                }
                s.send(current);
            }
        }

        @Override
        public SubscribeDecision onSubscribe(V1Session session, String userAgent, String sessionId) {
            return SubscribeDecision.accept(new byte[] {0, 0, 0, (byte) nextE1.getAndIncrement()}, 4);
        }

        @Override
        public boolean authorize(V1Session session, String workerName, String password) {
            return true;
        }

        @Override
        public int allowedVersionMask(V1Session session) {
            return mask;
        }

        @Override
        public void onSuggestDifficulty(V1Session session, double d) {
            suggested.merge(d, 1, Integer::sum);
        }

        @Override
        public void onReady(V1Session session) {
            sessions.put(session, true);
            session.send(new V1Notification.SetDifficulty(difficulty));
            session.send(current);
        }

        @Override
        public void onDisconnect(V1Session session) {
            sessions.remove(session);
        }

        @Override
        public ShareVerdict onSubmit(V1Session session, V1Request.Submit s) {
            V1Notification.Notify n = jobs.get(s.jobId());
            if (n == null) {
                invalid.incrementAndGet();
                return ShareVerdict.STALE;
            }
            if (jobGeneration.get(s.jobId()) < extranonceGeneration.get()) {
                // Hashed with the old extranonce1 and still on the wire when mining.set_extranonce went out: stale,
                // as a pool would say, and not the miner's mistake.
                return ShareVerdict.STALE;
            }
            byte[] root = org.sv2translator.bitcoin.MerklePath.of(n.merkleBranch()).root(
                    Merkle.coinbaseTxid(n.coinbase1(), session.extranonce1(), s.extranonce2(), n.coinbase2()));
            int m = session.versionMask();
            int version = s.hasVersionBits() ? (n.version() & ~m) | (s.versionBits() & m) : n.version();
            if (version != n.version()) {
                rolled.incrementAndGet();
            }
            byte[] hash = new BlockHeader(version, n.prevHash(), root, s.ntime(), n.nbits(), s.nonce()).hash();
            if (!Target.fromDifficulty(jobDifficulty.get(s.jobId())).isMetBy(hash)) {
                invalid.incrementAndGet();
                return ShareVerdict.LOW_DIFFICULTY;
            }
            valid.incrementAndGet();
            return ShareVerdict.ACCEPTED;
        }
    }

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void hashingMinersWithVersionRollingSubmitOnlyValidShares() throws Exception {
        CheckingBackend backend = new CheckingBackend(SwarmMiner.BIP320_MASK);
        try (V1Server server = new V1Server(V1ServerConfig.defaults(), backend)) {
            InetSocketAddress at = server.start(new InetSocketAddress("127.0.0.1", 0));
            try (Swarm swarm = new Swarm(SwarmConfig.defaults(at).withMiners(3).withSuggestDifficulty(0.5), null).start()) {
                await(() -> backend.valid.get() >= 30, "30 valid shares");
                await(() -> swarm.report().accepted() >= 30, "the swarm saw them accepted");
                assertEquals(0, backend.invalid.get());
                assertTrue(backend.rolled.get() > 0, "version bits were rolled");
                assertEquals(3, swarm.report().connected());
                await(() -> Integer.valueOf(3).equals(backend.suggested.get(0.5)), "each miner suggested 0.5");
                assertTrue(swarm.report().toTable().contains("submit latency"), swarm.report().toTable());
            }
        }
    }

    @Test
    void rateModeWithoutRollingAndServerChangesMidRun() throws Exception {
        CheckingBackend backend = new CheckingBackend(0);
        try (V1Server server = new V1Server(V1ServerConfig.defaults(), backend)) {
            InetSocketAddress at = server.start(new InetSocketAddress("127.0.0.1", 0));
            SwarmConfig config = SwarmConfig.defaults(at).withMiners(5).withMode(SwarmConfig.Mode.RATE)
                    .withSharesPerSecond(20).withVersionRolling(false);
            try (Swarm swarm = new Swarm(config, null).start()) {
                await(() -> backend.valid.get() >= 50, "50 valid shares");
                assertEquals(0, backend.rolled.get(), "no rolling when not negotiated");

                // A harder difficulty with a clean job: later shares meet it (checked per job by the backend).
                backend.broadcast(EASY * 8);
                int before = backend.valid.get();
                await(() -> backend.valid.get() >= before + 50, "50 more shares at the new difficulty");

                // set_extranonce, then a job: shares use the new extranonce1 (the session checks it).
                backend.extranonceGeneration.incrementAndGet();
                for (V1Session s : backend.sessions.keySet()) {
                    assertTrue(s.send(new V1Notification.SetExtranonce(new byte[] {9, 9, 9, 9}, 4)),
                            "the swarm subscribed to extranonce changes");
                }
                backend.broadcast(null);
                int afterPrefix = backend.valid.get();
                await(() -> backend.valid.get() >= afterPrefix + 50, "50 shares with the new extranonce1");

                // client.reconnect: every miner leaves and comes back.
                int connections = server.connectionCount();
                for (V1Session s : backend.sessions.keySet()) {
                    s.send(V1Notification.Reconnect.SAME_SERVER);
                }
                await(() -> backend.sessions.size() == 5 && swarm.report().disconnects.sum() == 5,
                        "all five reconnected");
                assertEquals(connections, server.connectionCount());
                int afterReconnect = backend.valid.get();
                await(() -> backend.valid.get() >= afterReconnect + 20, "shares after the reconnect");
                assertEquals(0, backend.invalid.get(), "no invalid share at any point");
                assertTrue(swarm.report().toJson().contains("\"accepted\""));
            }
        }
    }

    @Test
    void readsThePoolsPublicationMarker() {
        byte[] marker = org.sv2translator.testbed.pool.TestPool.PUBLISHED_AT_MARKER;
        byte[] coinb1 = new byte[10 + marker.length + 8];
        System.arraycopy(marker, 0, coinb1, 10, marker.length);
        long millis = 1_764_000_000_123L;
        for (int i = 0; i < 8; i++) {
            coinb1[10 + marker.length + i] = (byte) (millis >>> (56 - 8 * i));
        }
        assertEquals(millis, TestPool.publishedMillis(coinb1));
        assertEquals(0, TestPool.publishedMillis(HexFormat.of().parseHex("0102")));
    }
}
