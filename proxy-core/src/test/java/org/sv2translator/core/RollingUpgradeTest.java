package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v1.V1Notification;

/**
 * Two translator instances in front of one pool, the first shut down with miners sent to the second: the miner
 * meets job ids it has never seen (cpuminer keeps hashing a job whose id it already knows), and its shares count.
 */
class RollingUpgradeTest {
    @Test
    void minersMovedToASecondInstanceGetFreshJobIdsAndTheirSharesCount() throws Exception {
        try (TestPool pool = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0));
                Translator a = new Translator(Lab.config(Lab.endpoint(pool))).start();
                Translator b = new Translator(Lab.config(Lab.endpoint(pool))).start()) {
            InetSocketAddress addressA = a.listening().get(10, TimeUnit.SECONDS);
            InetSocketAddress addressB = b.listening().get(10, TimeUnit.SECONDS);
            Lab.awaitTrue(() -> a.status().serving() && b.status().serving(), "both instances serving");
            String jobOnA;
            try (TestMiner miner = new TestMiner(addressA)) {
                miner.subscribeAndAuthorize("rig1");
                miner.awaitNotify();
                jobOnA = miner.notify.get(0).asText();
                a.shutdown(new V1Notification.Reconnect(addressB.getHostString(), addressB.getPort(), 0));
                JsonNode reconnect = null;
                for (int i = 0; i < 20 && reconnect == null; i++) {
                    JsonNode msg = miner.read();
                    reconnect = msg.path("method").asText().equals("client.reconnect") ? msg : null;
                }
                assertEquals(addressB.getPort(), reconnect.get("params").get(1).asInt(), "sent to instance B");
            }
            try (TestMiner moved = new TestMiner(addressB)) {
                moved.subscribeAndAuthorize("rig1");
                moved.awaitNotify();
                assertNotEquals(jobOnA, moved.notify.get(0).asText(),
                        "a job id the miner knew from A would make it keep hashing A's job");
                assertTrue(moved.submit("rig1", moved.findShare(1, true)).get("result").asBoolean());
            }
        }
    }
}
