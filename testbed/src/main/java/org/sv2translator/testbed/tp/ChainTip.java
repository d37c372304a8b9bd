package org.sv2translator.testbed.tp;

import java.util.List;
import org.sv2translator.bitcoin.Target;

/**
 * What templates are built on at one moment: the best block and the mempool. Immutable: the Template Provider
 * replaces the whole snapshot on a new block or mempool update and hands it to each connection's event loop.
 *
 * @param tipId           increases with every new block; templates of a lower id are stale
 * @param height          height of the block being mined (the tip's height + 1)
 * @param prevHash        the tip's hash, wire order (as in the next header)
 * @param nbits           compact target of the next block
 * @param target          the target a block must meet ({@code fromNBits(nbits)})
 * @param headerTimestamp the nTime SetNewPrevHash announces for this tip
 * @param mempool         candidate transactions, in the order the block would take them
 */
record ChainTip(long tipId, int height, byte[] prevHash, int nbits, Target target, int headerTimestamp,
                List<MempoolTransaction> mempool) {
    ChainTip {
        prevHash = prevHash.clone();
        mempool = List.copyOf(mempool);
    }

    @Override
    public byte[] prevHash() {
        return prevHash.clone();
    }
}
