package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShareRateTest {
    @Test
    void aHundredTerahashAtTwentySharesPerMinute() {
        // 100 TH/s * 60 s / (20 shares * 2^32 hashes) = 69,849.19... : a typical S19-class miner's pool difficulty.
        assertEquals(69_849.193, ShareRate.difficultyFor(100e12, 20), 1e-3);
        assertEquals(100e12, ShareRate.hashrateFor(ShareRate.difficultyFor(100e12, 20), 20), 1);
        // 30 shares of difficulty 2 in 60 s prove 2^32 hashes per second.
        assertEquals(4294967296.0, ShareRate.hashrateOf(60, 60), 0);
    }
}
