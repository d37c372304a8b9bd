/**
 * Bitcoin primitives both sides of the translator need on their share path: double SHA-256
 * ({@link org.sv2translator.bitcoin.Sha256d}), coinbase txid and merkle root
 * ({@link org.sv2translator.bitcoin.Merkle}, {@link org.sv2translator.bitcoin.MerklePath}), the 80-byte block
 * header ({@link org.sv2translator.bitcoin.BlockHeader}), 256-bit targets and pool difficulty
 * ({@link org.sv2translator.bitcoin.Target}) and an allocation-free share hasher
 * ({@link org.sv2translator.bitcoin.ShareHasher}).
 *
 * <p>Byte order: every hash, merkle node and prev hash here is in <em>wire</em> order, the bytes as they sit in a
 * block header and in SV2 U256 fields (little-endian), which is also what SHA-256 returns. Block explorers print
 * the reverse ("display" order). Bad input throws {@link org.sv2translator.bitcoin.BitcoinFormatException}.
 */
package org.sv2translator.bitcoin;
