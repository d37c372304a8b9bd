package org.sv2translator.cli;

import org.sv2translator.v2.noise.InvalidAuthorityKeyException;
import org.sv2translator.v2.noise.NoiseKeys;

/** The {@code --authority-secret-key} of the lab servers (pool, tp): a key pair from it, or none to make one. */
final class AuthoritySecret {
    private AuthoritySecret() {
    }

    /** @return the pair of {@code secret}, or null when none was given (the server generates one) */
    static NoiseKeys.AuthorityKeyPair keyPair(String secret) throws InvalidAuthorityKeyException {
        return secret == null ? null : new NoiseKeys.AuthorityKeyPair(secret, NoiseKeys.publicKeyOf(secret));
    }
}
