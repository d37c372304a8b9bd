package org.sv2translator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sv2translator.core.ChannelMode;
import org.sv2translator.core.TranslatorConfig;
import org.sv2translator.v2.noise.NoiseKeys;
import picocli.CommandLine;

class RunCommandTest {
    private static final String KEY_A = NoiseKeys.generateAuthorityKeyPair().publicKey();
    private static final String KEY_B = NoiseKeys.generateAuthorityKeyPair().publicKey();

    private static TranslatorConfig parse(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).registerConverter(java.net.InetSocketAddress.class, new HostPort()).parseArgs(args);
        return run.config();
    }

    @Test
    void severalPoolsEachWithItsOwnKeyInPriorityOrder() {
        TranslatorConfig c = parse("--upstream", "primary.example:3336@" + KEY_A, "--upstream",
                "backup.example:3336@" + KEY_B, "--user-identity", "acct", "--failover-after", "5",
                "--primary-retry", "0");
        assertEquals(2, c.upstream().pools().size());
        assertEquals("primary.example:3336", c.upstream().pools().get(0).toString());
        assertTrue(c.upstream().pools().get(0).address().isUnresolved(), "looked up again on every attempt");
        assertEquals(5, c.upstream().failover().failuresBeforeNextPool());
        assertTrue(!c.upstream().failover().returnsToPrimary());
        assertEquals(ChannelMode.AGGREGATED, c.mode());
    }

    @Test
    void silentPoolChecksHaveDefaultsAndFlags() {
        TranslatorConfig d = parse("--upstream", "pool.example:3336@" + KEY_A, "--user-identity", "acct");
        assertEquals(org.sv2translator.core.upstream.Liveness.DEFAULT, d.upstream().liveness());
        TranslatorConfig c = parse("--upstream", "pool.example:3336@" + KEY_A, "--user-identity", "acct",
                "--pool-verdict-timeout", "10", "--pool-idle-timeout", "0", "--pool-tcp-timeout", "20");
        assertEquals(java.time.Duration.ofSeconds(10), c.upstream().liveness().verdictTimeout());
        assertEquals(java.time.Duration.ZERO, c.upstream().liveness().idleTimeout(), "0 turns the check off");
        assertEquals(java.time.Duration.ofSeconds(20), c.upstream().liveness().tcpUserTimeout());
        assertThrows(IllegalArgumentException.class, () -> parse("--upstream", "pool.example:3336@" + KEY_A,
                "--user-identity", "acct", "--pool-idle-timeout", "-1"));
    }

    @Test
    void theSinglePoolFormWithAuthorityPubkeyStillWorks() {
        TranslatorConfig c = parse("--upstream", "pool.example:3336", "--authority-pubkey", KEY_A,
                "--user-identity", "acct", "--worker-tracking");
        assertEquals(1, c.upstream().pools().size());
        assertTrue(c.upstream().workerTracking());
    }

    @Test
    void proxyProtocolIsOffUnlessAsked() {
        assertTrue(!parse("--upstream", "pool.example:3336@" + KEY_A, "--user-identity", "a").v1().proxyProtocol());
        assertTrue(parse("--upstream", "pool.example:3336@" + KEY_A, "--user-identity", "a", "--proxy-protocol")
                .v1().proxyProtocol());
    }

    @Test
    void perMinerModeTakesAnOptionalPrefix() {
        TranslatorConfig c = parse("--upstream", "pool.example:3336@" + KEY_A, "--mode", "per-miner");
        assertEquals(ChannelMode.PER_MINER, c.mode());
        assertEquals("", c.userIdentity());
    }

    @Test
    void mistakesGetAClearMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--upstream", "pool.example:3336",
                "--user-identity", "acct"));
        assertTrue(e.getMessage().contains("no authority key"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--upstream", "pool.example:3336@nonsense",
                "--user-identity", "acct"));
        assertTrue(e.getMessage().contains("authority key"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--upstream", "pool.example:3336@" + KEY_A));
        assertTrue(e.getMessage().contains("--user-identity is required"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--upstream", "pool.example:3336@" + KEY_A,
                "--mode", "solo"));
        assertTrue(e.getMessage().contains("--mode"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--upstream", "pool.example:3336@" + KEY_A,
                "--user-identity", "acct", "--transport", "iouring"));
        assertTrue(e.getMessage().contains("--transport: expected auto, epoll or nio"), e.getMessage());
    }

    @Test
    void transportIsAutoUnlessAsked() {
        assertEquals(org.sv2translator.core.Transport.AUTO,
                parse("--upstream", "pool.example:3336@" + KEY_A, "--user-identity", "acct").transport());
        assertEquals(org.sv2translator.core.Transport.NIO,
                parse("--upstream", "pool.example:3336@" + KEY_A, "--user-identity", "acct", "--transport", "nio")
                        .transport());
    }

    @Test
    void difficultyStepsArePowersOfTwoUnlessAsked() {
        assertEquals(org.sv2translator.core.difficulty.DifficultySteps.POW2,
                parse("--upstream", "pool.example:3336@" + KEY_A, "--user-identity", "acct").difficultySteps());
        assertEquals(org.sv2translator.core.difficulty.DifficultySteps.ANY,
                parse("--upstream", "pool.example:3336@" + KEY_A, "--user-identity", "acct",
                        "--difficulty-steps", "any").difficultySteps());
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--upstream", "pool.example:3336@" + KEY_A,
                "--user-identity", "acct", "--difficulty-steps", "integer"));
        assertTrue(e.getMessage().contains("--difficulty-steps: expected any or pow2"), e.getMessage());
    }
}
