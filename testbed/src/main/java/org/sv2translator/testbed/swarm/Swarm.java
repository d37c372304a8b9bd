package org.sv2translator.testbed.swarm;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A swarm of simulated Stratum V1 miners, for the demo, end-to-end tests and load tests: N connections each
 * talking as firmware does, and either real hashing ({@link SwarmConfig.Mode#HASHING}: sha256d over nonces,
 * extranonce2 and version bits, on a few threads shared fairly by all miners) or a fixed share rate
 * ({@link SwarmConfig.Mode#RATE}: correctly built and hashed shares, the load generator; give it a tiny difficulty).
 *
 * <p>{@link #start()}, read {@link #report()} whenever, {@link #close()}.
 */
public final class Swarm implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Swarm.class);
    /** Nonces a hashing thread scans for one miner before moving to the next: fair and responsive to new jobs. */
    static final int SLICE = 1 << 16;
    private static final int MAX_LINE = 64 * 1024;
    /** RATE mode: each miner is credited (for the time that passed) this often... */
    private static final long RATE_TICK_MILLIS = 100;
    /** ...by a timer per event loop firing this many times as often, a slice of the loop's miners each time. */
    private static final int RATE_SLICES = 100;
    /** Miners per loopback source address: well under one address's ephemeral ports. */
    static final int MINERS_PER_SOURCE_ADDRESS = 20_000;

    private final SwarmConfig config;
    private final Function<byte[], Long> publishedAt;
    private final SwarmReport report = new SwarmReport();
    private final EventLoopGroup group;
    private final List<SwarmMiner> miners = new CopyOnWriteArrayList<>();
    private final List<Thread> hashers = new CopyOnWriteArrayList<>();
    /**
     * RATE mode: the miners of each event loop, touched only on that loop. One timer per loop, not per miner:
     * 10,000 timers firing ten times a second kept the load generator busy in Netty's timer heap.
     */
    private final Map<EventLoop, List<RateTicker>> tickers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean submitting = true;

    /**
     * @param publishedAt when the pool published the block with this prevhash (header order), as
     *                    {@code System.nanoTime()}, for notify latency in one process; null to read the testbed
     *                    pool's marker from coinb1 instead
     */
    public Swarm(SwarmConfig config, Function<byte[], Long> publishedAt) {
        this.config = config;
        this.publishedAt = publishedAt;
        // Netty's native epoll where it loads: the load generator then takes less of the CPU it shares with what it
        // measures.
        this.group = Epoll.isAvailable() ? new EpollEventLoopGroup(config.ioThreads())
                : new NioEventLoopGroup(config.ioThreads());
    }

    public SwarmReport report() {
        return report;
    }

    /** Starts connecting (at the configured ramp) and mining; returns at once. */
    public Swarm start() {
        running = true;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / config.connectsPerSecond();
        for (int i = 0; i < config.miners(); i++) {
            SwarmMiner miner = new SwarmMiner(i, config, report, publishedAt, this);
            miners.add(miner);
            int index = i;
            group.schedule(() -> connect(miner, config.upstream(), index), i * intervalNanos, TimeUnit.NANOSECONDS);
        }
        if (config.mode() == SwarmConfig.Mode.HASHING) {
            for (int t = 0; t < config.hashingThreads(); t++) {
                int first = t;
                Thread hasher = new Thread(() -> hashLoop(first), "swarm-hasher-" + t);
                hasher.setDaemon(true);
                hashers.add(hasher);
                hasher.start();
            }
        }
        return this;
    }

    private void connect(SwarmMiner miner, InetSocketAddress to, int index) {
        if (!running) {
            return;
        }
        Bootstrap b = new Bootstrap().group(group)
                .channel(group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), miner);
                        if (config.mode() == SwarmConfig.Mode.RATE) {
                            addTicker(ch.eventLoop(), new RateTicker(miner, ch));
                        }
                    }
                });
        var future = to.getAddress() != null && to.getAddress().isLoopbackAddress() && config.miners() > MINERS_PER_SOURCE_ADDRESS
                ? b.connect(to, new InetSocketAddress("127.0.0." + (2 + index / MINERS_PER_SOURCE_ADDRESS), 0))
                : b.connect(to);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                report.connectFailures.increment();
                log.debug("swarm miner {} could not connect: {}", miner.worker, f.cause().toString());
            }
        });
    }

    /** client.reconnect: the same miner, to the given endpoint (the current one when host is empty or port 0). */
    void reconnect(SwarmMiner miner, String host, int port) {
        InetSocketAddress to = host == null || host.isEmpty() || port == 0 ? config.upstream()
                : new InetSocketAddress(host, port);
        group.schedule(() -> connect(miner, to, miners.indexOf(miner)), 100, TimeUnit.MILLISECONDS);
    }

    /** Hashing thread: round-robin over miners, one slice of nonces each, on a fresh extranonce2 per slice. */
    private void hashLoop(int first) {
        int i = first;
        while (running) {
            boolean worked = false;
            for (int n = 0; n < miners.size() && running; n++) {
                SwarmMiner miner = miners.get((i + n) % miners.size());
                SwarmMiner.Work w = miner.work;
                if (w != null) {
                    hashSlice(miner, w);
                    worked = true;
                }
            }
            i += config.hashingThreads();
            if (!worked) {
                sleepQuietly(50);
            }
        }
    }

    private void hashSlice(SwarmMiner miner, SwarmMiner.Work w) {
        long e2 = miner.nextExtranonce2();
        int versionBits = SwarmMiner.versionBits(e2, w.versionMask());
        HeaderSearch search = searchFor(w, e2, versionBits);
        int from = 0;
        while (from < SLICE) {
            long found = search.search(w.target(), from, SLICE - from);
            if (found < 0) {
                break;
            }
            miner.submitLater(w, e2, versionBits, (int) found);
            from = (int) found + 1;
        }
        report.hashes.add(SLICE);
    }

    static HeaderSearch searchFor(SwarmMiner.Work w, long extranonce2, int versionBits) {
        var n = w.job();
        int version = w.versionMask() == 0 ? n.version() : (n.version() & ~w.versionMask()) | versionBits;
        return new HeaderSearch(n.coinbase1(), w.extranonce1(),
                SwarmMiner.extranonce2Bytes(extranonce2, w.extranonce2Size()), n.coinbase2(), w.path(), version,
                n.prevHash(), n.ntime(), n.nbits());
    }

    /** On {@code loop}: its miners' timer starts with its first miner. */
    private void addTicker(EventLoop loop, RateTicker ticker) {
        tickers.computeIfAbsent(loop, l -> {
            List<RateTicker> mine = new ArrayList<>();
            long period = TimeUnit.MILLISECONDS.toMicros(RATE_TICK_MILLIS) / RATE_SLICES;
            int[] slice = {0};
            l.scheduleAtFixedRate(() -> {
                // Slices keep the shares spread over the 100 ms instead of bursting all at once.
                int s = slice[0];
                slice[0] = (s + 1) % RATE_SLICES;
                if (s == 0) {
                    mine.removeIf(RateTicker::finished); // once a round is plenty: a closed miner only idles
                }
                for (int i = s; i < mine.size(); i += RATE_SLICES) {
                    mine.get(i).run();
                }
            }, period, period, TimeUnit.MICROSECONDS);
            return mine;
        }).add(ticker);
    }

    /** RATE mode: on the miner's event loop, submits valid shares at the configured rate. */
    private final class RateTicker implements Runnable {
        private final SwarmMiner miner;
        private final Channel channel;
        /** Starts anywhere in [0, 1): miners that started together still submit at independent moments. */
        private double credit = ThreadLocalRandom.current().nextDouble();
        /** The last tick that credited this miner (0: none yet). */
        private long lastNanos;

        RateTicker(SwarmMiner miner, Channel channel) {
            this.miner = miner;
            this.channel = channel;
        }

        boolean finished() {
            return channel.closeFuture().isDone();
        }

        @Override
        public void run() {
            SwarmMiner.Work w = miner.work;
            if (!channel.isActive() || !running) {
                return;
            }
            long now = System.nanoTime();
            if (w == null) {
                lastNanos = 0;
                return;
            }
            // Credited by the time that really passed, not by the nominal tick: a loop timer that fires late or
            // catches up would otherwise push the rate off what was asked for. At most one tick's worth is carried,
            // though: a swarm too busy to tick on time is saturated, and paying the backlog later would only send
            // bursts above the asked rate (seen: +27% in a window at 80,000 shares/s). It then falls short instead,
            // which the swarm's submitted count shows.
            if (lastNanos != 0) {
                double owed = config.sharesPerSecond() * (now - lastNanos) / 1e9;
                credit += Math.min(owed, config.sharesPerSecond() * RATE_TICK_MILLIS / 1000.0 + 1);
            }
            lastNanos = now;
            while (credit >= 1) {
                credit--;
                long e2 = miner.nextExtranonce2();
                int versionBits = SwarmMiner.versionBits(e2, w.versionMask());
                long nonce = searchFor(w, e2, versionBits).search(w.target(), 0, 1 << 20);
                if (nonce >= 0) {
                    miner.submit(w, e2, versionBits, (int) nonce);
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * From now on no miner submits a share; the connections stay open. For tests that compare two sides' counts once
     * every verdict is in, with the miners (and, per-miner, their channels) still there.
     */
    public void stopSubmitting() {
        submitting = false;
    }

    boolean submitting() {
        return submitting;
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : hashers) {
            t.interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
