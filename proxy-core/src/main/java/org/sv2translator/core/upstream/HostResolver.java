package org.sv2translator.core.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Looks a pool's host name up. May block: the supervisor calls it on a lookup thread of its own, never on the
 * upstream event loop that carries jobs and shares (a slow lookup for one pool must not freeze the pool in use).
 * Injectable so that a test can make one host's lookup hang.
 */
@FunctionalInterface
public interface HostResolver {
    /** The JDK's resolver (the system's, with its cache). */
    HostResolver SYSTEM = InetAddress::getByName;

    InetAddress resolve(String host) throws UnknownHostException;
}
