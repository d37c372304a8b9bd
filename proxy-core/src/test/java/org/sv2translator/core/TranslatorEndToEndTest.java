package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sv2translator.testbed.pool.PoolAccounting;
import org.sv2translator.testbed.pool.TestPool;

/** Miners → translator → testbed pool over loopback TCP, with Noise, real hashing at easy targets. */
class TranslatorEndToEndTest {
    private Lab lab;
    private TestPool pool;
    private Translator translator;
    private InetSocketAddress proxy;

    @BeforeEach
    void start() throws Exception {
        lab = new Lab(Lab.quietPool());
        pool = lab.pool;
        translator = lab.translator;
        proxy = lab.proxy;
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void sharesFlowFromMinersToThePoolAndTheirVerdictsArePerWorker() throws Exception {
        try (TestMiner a = new TestMiner(proxy); TestMiner b = new TestMiner(proxy)) {
            a.subscribeAndAuthorize("alice.1");
            b.subscribeAndAuthorize("bob.1");
            a.awaitNotify();
            b.awaitNotify();
            assertEquals(4, a.extranonce2Size);
            assertTrue(!java.util.Arrays.equals(a.extranonce1, b.extranonce1), "miners get distinct extranonce1");
            assertEquals(a.notify.toString(), b.notify.toString(), "one notify for the whole channel");
            assertEquals(Lab.EASY, a.difficulty, Lab.EASY * 1e-9, "capped at the channel's difficulty");

            for (int i = 0; i < 3; i++) {
                assertTrue(a.submit("alice.1", a.findShare(i, true)).get("result").asBoolean());
                assertTrue(b.submit("bob.1", b.findShare(i, true)).get("result").asBoolean());
            }
            JsonNode low = a.submit("alice.1", a.findShare(9, false));
            assertEquals(23, low.get("error").get(0).asInt(), low.toString());
            JsonNode dup = b.submit("bob.1", b.findShare(0, true));
            assertEquals(22, dup.get("error").get(0).asInt(), dup.toString());

            awaitPoolAccepted(6);
            PoolAccounting.Tally farm = pool.accounting().of("farm");
            assertEquals(6, farm.accepted(), "every forwarded share accepted: " + farm);
            assertEquals(0, farm.rejected(), "no pool-side reject: " + farm);
            Lab.awaitTrue(() -> Lab.worker(translator, "alice.1").upstreamAccepted() == 3, "alice's verdicts");
            Lab.awaitTrue(() -> Lab.worker(translator, "bob.1").upstreamAccepted() == 3, "bob's verdicts");
            assertEquals(1, Lab.worker(translator, "alice.1").lowDifficulty());
            assertEquals(1, Lab.worker(translator, "bob.1").duplicate());
        }
    }

    @Test
    void aNewPrevHashMakesOldJobsStaleAndSendsCleanJobs() throws Exception {
        try (TestMiner a = new TestMiner(proxy)) {
            a.subscribeAndAuthorize("alice.1");
            a.awaitNotify();
            TestMiner.Share old = a.findShare(1, true);
            pool.newBlock();
            a.awaitNotify();
            assertTrue(a.notify.get(8).asBoolean(), "clean_jobs on a new prevhash");
            JsonNode stale = a.submit("alice.1", old);
            assertEquals(21, stale.get("error").get(0).asInt(), stale.toString());
            assertTrue(a.submit("alice.1", a.findShare(1, true)).get("result").asBoolean());
            awaitPoolAccepted(1);
            assertEquals(0, pool.accounting().total().rejected(), "the stale share never reached the pool");
        }
    }

    private void awaitPoolAccepted(long n) throws InterruptedException {
        Lab.awaitTrue(() -> pool.accounting().total().accepted() >= n, n + " shares accepted by the pool");
    }
}
