package org.sv2translator.core;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Which Netty transport carries the sockets. Netty's native epoll transport (Linux; its library ships in the jar)
 * keeps less per connection than the JDK's NIO selector (no SelectionKey, SocketChannelImpl, FileDescriptor...):
 * about 560 bytes less heap per miner on the 10,000-miner bench, with CPU and latency within the runs' noise (README,
 * Benchmarks). NIO is the fallback everywhere else, and a switch for an operator who suspects the native library.
 */
public enum Transport {
    /** epoll where it loads, else NIO. */
    AUTO,
    /** Netty's native epoll; refusing to start where it does not load. */
    EPOLL,
    /** The JDK's NIO selector. */
    NIO;

    /** What this choice means on this machine: EPOLL or NIO; EPOLL asked for where it cannot load throws. */
    public Transport resolve() {
        return switch (this) {
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("the epoll transport is not available here ("
                            + Epoll.unavailabilityCause() + "); use --transport nio or auto");
                }
                yield EPOLL;
            }
            case NIO -> NIO;
        };
    }

    /** A group of {@code threads} event loops of this transport (resolved first). */
    public EventLoopGroup newGroup(int threads) {
        return resolve() == EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    /** The client socket class that can be registered on {@code group}. */
    public static Class<? extends SocketChannel> socketChannelFor(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The transport of an existing group, for logging. */
    public static Transport of(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EPOLL : NIO;
    }
}
