/**
 * The cryptography of SV2's Noise layer (spec chapter 4), free of Netty: secp256k1 EllSwift ECDH and BIP340
 * signatures, the Noise objects named as in the spec ({@link org.sv2translator.v2.noise.CipherState},
 * {@link org.sv2translator.v2.noise.HandshakeState}; SymmetricState is internal), the certificate
 * ({@link org.sv2translator.v2.noise.SignatureNoiseMessage}, {@link org.sv2translator.v2.noise.CertificateVerifier}),
 * authority key strings ({@link org.sv2translator.v2.noise.AuthorityKey}) and the key-tool functions
 * ({@link org.sv2translator.v2.noise.NoiseKeys}). The Netty handlers are in the {@code netty} subpackage.
 */
package org.sv2translator.v2.noise;
