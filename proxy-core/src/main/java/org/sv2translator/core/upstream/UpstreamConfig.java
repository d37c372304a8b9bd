package org.sv2translator.core.upstream;

import java.net.InetSocketAddress;

/**
 * How to reach and set up the pool connection.
 *
 * @param address           the pool's SV2 endpoint
 * @param authorityKey      the pool's 32-byte x-only authority public key, pinned in the Noise handshake
 * @param userIdentity      the channel's user_identity (the pool account / worker the pool credits)
 * @param minExtranonceSize extranonce bytes the channel needs: local miner bytes + the miners' extranonce2
 * @param requireVersionRolling set REQUIRES_VERSION_ROLLING in SetupConnection
 */
public record UpstreamConfig(InetSocketAddress address, byte[] authorityKey, String userIdentity,
                             int minExtranonceSize, boolean requireVersionRolling) {
    public UpstreamConfig {
        authorityKey = authorityKey.clone();
        if (authorityKey.length != 32) {
            throw new IllegalArgumentException("authority key must be 32 bytes");
        }
        if (userIdentity.isEmpty() || userIdentity.length() > 255) {
            throw new IllegalArgumentException("user identity must be 1..255 characters");
        }
    }

    @Override
    public byte[] authorityKey() {
        return authorityKey.clone();
    }
}
