package org.sv2translator.core.upstream;

import java.net.InetSocketAddress;

/**
 * One pool the translator may use: its SV2 endpoint and the authority key its certificate must be signed with.
 *
 * @param address      the pool's Stratum V2 endpoint
 * @param authorityKey the pool's 32-byte x-only authority public key, pinned in the Noise handshake
 */
public record PoolEndpoint(InetSocketAddress address, byte[] authorityKey) {
    public PoolEndpoint {
        authorityKey = authorityKey.clone();
        if (authorityKey.length != 32) {
            throw new IllegalArgumentException("authority key must be 32 bytes");
        }
    }

    @Override
    public byte[] authorityKey() {
        return authorityKey.clone();
    }

    /**
     * Where a Reconnect (spec 3.6.5) sends us: same authority key (a Reconnect cannot move us to another pool), an
     * empty host meaning this host and port 0 this port.
     */
    public PoolEndpoint redirectedTo(String host, int port) {
        String h = host == null || host.isEmpty() ? address.getHostString() : host;
        int p = port == 0 ? address.getPort() : port;
        return new PoolEndpoint(InetSocketAddress.createUnresolved(h, p), authorityKey);
    }

    @Override
    public String toString() {
        return address.getHostString() + ":" + address.getPort();
    }
}
