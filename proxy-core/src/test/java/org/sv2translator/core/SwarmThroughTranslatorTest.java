package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sv2translator.testbed.pool.PoolAccounting;
import org.sv2translator.testbed.swarm.Swarm;
import org.sv2translator.testbed.swarm.SwarmConfig;

/** Issue 7's main end-to-end check: 50 hashing miners through the translator to the testbed pool. */
class SwarmThroughTranslatorTest {
    /** One header in 65,536: ~50 shares/s from one hashing thread, enough to see and light enough for CI. */
    private static final double DIFFICULTY = 1.0 / (1 << 16);

    /** Both transports carry the same conversation: NIO is what machines without native epoll get. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
    void fiftyHashingMinersEveryForwardedShareAcceptedAndEveryJobDelivered(Transport transport) throws Exception {
        assumeTrue(transport != Transport.EPOLL || io.netty.channel.epoll.Epoll.isAvailable(),
                "Netty's native epoll does not load on this machine");
        // A fixed channel target (absurd shares-per-minute keeps the pool at its minimum) makes the difficulty sums
        // comparable exactly.
        try (Lab lab = new Lab(Lab.quietPool().withMinDifficulty(DIFFICULTY).withSharesPerMinute(1e12),
                c -> c.withTransport(transport).withDifficulty(20, DIFFICULTY, Lab.EASY / 4));
             Swarm swarm = new Swarm(SwarmConfig.defaults(lab.proxy).withMiners(50).withWorkerPrefix("rig"),
                     lab.pool::prevHashPublishedAt).start()) {
            assertEquals(transport, lab.translator.transport());
            Lab.awaitTrue(() -> lab.translator.status().miners() == 50 && swarm.report().notifies() >= 50,
                    "50 miners with their first job");
            Lab.awaitTrue(() -> swarm.report().accepted() >= 100, "100 shares accepted");

            long before = swarm.report().notifies();
            lab.pool.newBlock();
            lab.pool.updateJob();
            lab.pool.newBlock();
            Lab.awaitTrue(() -> swarm.report().notifies() == before + 150, "3 jobs x 50 miners");
            Lab.awaitTrue(() -> swarm.report().accepted() >= 200, "200 shares accepted");
            swarm.close(); // stop hashing, then let the last answers arrive

            var upstream = lab.translator.status().upstream();
            long forwarded = upstream.sharesSent();
            PoolAccounting.Tally pool = lab.pool.accounting().of("farm");
            Lab.awaitTrue(() -> pool.accepted() + pool.rejected() == forwarded, "every forwarded share answered");
            // A share the proxy sent just before the pool's SetNewPrevHash reached it can still arrive after the
            // pool switched: that one network race is the only pool-side reject allowed, and it must come back to
            // its worker.
            assertEquals(pool.count(org.sv2translator.testbed.pool.ShareVerdict.STALE), pool.rejected(),
                    "nothing but in-flight stale shares rejected: " + pool);
            Lab.awaitTrue(() -> lab.translator.status().workers().stream()
                    .mapToLong(w -> w.upstreamRejected()).sum() == pool.rejected(), "rejects matched to workers");
            assertEquals(upstream.sentDifficulty() - pool.rejected() * DIFFICULTY, pool.acceptedDifficulty(),
                    1e-9 * pool.acceptedDifficulty(), "the pool credits exactly the work the proxy forwarded");
            assertTrue(swarm.report().notifyLatencySamples() >= 100, "latency measured for the two new blocks");
            // Shares found on the old job while a new block's notify is in flight are stale, as with real miners;
            // nothing else may be rejected.
            assertTrue(java.util.Set.of(21).containsAll(swarm.report().rejectedByCode().keySet()),
                    "only stale rejections: " + swarm.report().rejectedByCode());
        }
    }
}
