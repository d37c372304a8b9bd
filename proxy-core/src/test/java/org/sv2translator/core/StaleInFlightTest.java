package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v2.noise.AuthorityKey;

/**
 * A share the translator sent on the old prevhash while the pool's SetNewPrevHash was on its way: the miner was
 * told "accepted" (nothing said otherwise yet) and the pool refuses it as stale. That refusal is counted apart
 * ({@code staleInFlight}), so that every other refusal can be read as what it is: a share rule of ours that
 * differs from the pool's. Seen against SRI's pool_sv2 at each new block (interop tests); made exact here by a relay
 * that holds the pool's messages.
 */
class StaleInFlightTest {

    @Test
    void aShareCrossedOnTheWireByANewPrevhashIsCountedStaleInFlight() throws Exception {
        try (TestPool pool = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0));
             Relay relay = new Relay(pool.localAddress());
             Translator t = new Translator(Lab.config(new PoolEndpoint(relay.address(),
                     AuthorityKey.decodePublicKey(pool.authorityPublicKey())))).start()) {
            Lab.awaitTrue(() -> t.status().openChannels() == 1, "the channel open");
            try (TestMiner m = new TestMiner(t.listening().get(10, TimeUnit.SECONDS))) {
                m.subscribeAndAuthorize("rig.1");
                m.awaitNotify();
                assertTrue(m.submit("rig.1", m.findShare(1, true)).path("result").asBoolean());
                Lab.awaitTrue(() -> t.status().upstream().sharesAccepted() == 1, "the first share's verdict");

                relay.holdTowardClient();
                pool.newBlock(); // its future job and SetNewPrevHash stay on the wire
                Lab.awaitTrue(() -> relay.heldBytes() > 0, "the new block on its way");
                JsonNode answer = m.submit("rig.1", m.findShare(2, true));
                assertTrue(answer.path("result").asBoolean(), "nothing told the translator otherwise: " + answer);
                Lab.awaitTrue(() -> pool.accounting().total().rejected() == 1, "the pool refused it as stale");
                relay.release();
                Lab.awaitTrue(() -> t.status().upstream().sharesRejected() == 1, "the refusal back");

                TranslatorStatus.Upstream up = t.status().upstream();
                assertEquals(1, up.staleInFlight(), up::toString);
                assertEquals(Map.of("SubmitShares.Error: stale-share", 1L), up.errors());

                // The next share, on the new block's job, goes through: nothing else was disturbed.
                m.awaitNotify();
                assertTrue(m.submit("rig.1", m.findShare(3, true)).path("result").asBoolean());
                Lab.awaitTrue(() -> t.status().upstream().sharesAccepted() == 2, "the next share accepted");
                assertEquals(1, t.status().upstream().staleInFlight());
            }
        }
    }
}
