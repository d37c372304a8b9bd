package org.sv2translator.testbed.pool;

import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Target;

/**
 * What the testbed pool mines on: everything of a block but the extranonce, nonce and the miner's version bits.
 * Immutable (its byte arrays are never handed out mutably).
 *
 * @param height        block height (pushed in the coinbase)
 * @param prevHash      previous block hash, wire order (as in the header)
 * @param version       block version before any version rolling
 * @param nbits         compact network target
 * @param ntime         earliest block time the job offers
 * @param coinbase      the coinbase split around the extranonce
 * @param merklePath    the coinbase's merkle path over the template's other transactions
 * @param networkTarget the target a block must meet ({@code fromNBits(nbits)})
 */
public record BlockTemplate(int height, byte[] prevHash, int version, int nbits, int ntime, Coinbase coinbase,
                            MerklePath merklePath, Target networkTarget) {
    public BlockTemplate {
        if (prevHash.length != 32) {
            throw new IllegalArgumentException("prevHash must be 32 bytes");
        }
        prevHash = prevHash.clone();
    }

    @Override
    public byte[] prevHash() {
        return prevHash.clone();
    }
}
