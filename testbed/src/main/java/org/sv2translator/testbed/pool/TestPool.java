package org.sv2translator.testbed.pool;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.v2.message.Reconnect;
import org.sv2translator.v2.message.Sv2MessageCodec;
import org.sv2translator.v2.noise.InvalidAuthorityKeyException;
import org.sv2translator.v2.noise.NoiseKeyPair;
import org.sv2translator.v2.noise.NoiseKeys;
import org.sv2translator.v2.noise.SignatureNoiseMessage;
import org.sv2translator.v2.noise.netty.NoiseResponderHandler;

/**
 * An embedded Stratum V2 pool for the demo, end-to-end tests and load benchmarks: realistic jobs on a block
 * clock, share validation as a real pool does it, batched acknowledgements, and hooks to exercise a proxy
 * (new block now, new target, new extranonce prefix, Reconnect, abrupt disconnect). {@link #accounting()} tells
 * what it accepted and rejected.
 *
 * <p>Start with {@link #start(InetSocketAddress)}; {@link #close()} stops it. Thread-safe.
 */
public final class TestPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TestPool.class);
    private static final byte[] TAG = "/sv2-translator testbed/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /**
     * Marks the publication time in every coinbase: these 7 ASCII bytes, then the wall-clock milliseconds as 8 bytes
     * big-endian. A swarm in another process finds it in coinb1 to measure notify latency without a shared clock.
     */
    public static final byte[] PUBLISHED_AT_MARKER = "/sv2tb@".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int REMEMBERED_BLOCKS = 64;

    private final PoolConfig config;
    private final NoiseKeys.AuthorityKeyPair authority;
    private final NoiseKeyPair staticKey = NoiseKeyPair.generate();
    private final SignatureNoiseMessage certificate;
    private final PoolAccounting accounting = new PoolAccounting();
    private final Set<PoolConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger prefixCounter = new AtomicInteger();
    private final TemplateFactory templates;
    private final Map<String, Long> prevHashPublishedAt = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_BLOCKS;
        }
    };
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers;
    private volatile Work current;
    private volatile boolean jobsToGroupChannel;
    private volatile boolean jobsAllowVersionRolling = true;
    private volatile boolean targetsFrozen;
    private volatile Set<Integer> supportedExtensions = Set.of(org.sv2translator.v2.message.Tlv.WORKER_HASHRATE_TRACKING);
    private final Set<String> refusedIdentities = ConcurrentHashMap.newKeySet();
    private boolean closed;
    private int height = 900_000;
    private Channel serverChannel;
    private ScheduledFuture<?> blockTimer;
    private ScheduledFuture<?> jobTimer;
    private ScheduledFuture<?> ackTimer;

    /**
     * @param config    the pool's settings
     * @param authority the authority key pair that signs the pool's certificate; null generates one (its public
     *                  key, {@link #authorityPublicKey()}, is what clients pin)
     * @param threads   event loop threads for connections
     * @throws InvalidAuthorityKeyException if the given authority secret key is not valid
     */
    public TestPool(PoolConfig config, NoiseKeys.AuthorityKeyPair authority, int threads)
            throws InvalidAuthorityKeyException {
        this.config = config;
        this.authority = authority != null ? authority : NoiseKeys.generateAuthorityKeyPair();
        Instant now = Instant.now();
        // An hour of slack before now covers clients whose clocks lag; a year after is longer than any lab run.
        this.certificate = NoiseKeys.issueCertificate(this.authority.secretKey(), staticKey.xOnlyPublicKey(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
        this.workers = new NioEventLoopGroup(threads);
        this.templates = new TemplateFactory(new Random(), config.transactionCount(),
                Target.fromDifficulty(config.networkDifficulty()), config.extranonceSpace(), TAG);
        publishBlock();
    }

    /** Binds and starts the block and job clocks. */
    public synchronized TestPool start(InetSocketAddress listen) throws InterruptedException {
        serverChannel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new NoiseResponderHandler(staticKey, certificate));
                        ch.pipeline().addLast(new Sv2MessageCodec());
                        PoolConnection connection = new PoolConnection(TestPool.this);
                        connections.add(connection);
                        ch.pipeline().addLast(connection);
                    }
                }).bind(listen).sync().channel();
        long block = config.blockInterval().toMillis();
        long job = config.jobInterval().toMillis();
        blockTimer = boss.next().scheduleAtFixedRate(this::newBlock, block, block, TimeUnit.MILLISECONDS);
        jobTimer = boss.next().scheduleAtFixedRate(this::updateJob, job, job, TimeUnit.MILLISECONDS);
        long ack = config.successBatchInterval().toMillis();
        ackTimer = boss.next().scheduleAtFixedRate(() -> forEachConnection(PoolConnection::flushAcknowledgements),
                ack, ack, TimeUnit.MILLISECONDS);
        log.info("testbed pool listening on {}", serverChannel.localAddress());
        return this;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The base58check authority public key clients pin (e.g. the translator's --authority-pubkey). */
    public String authorityPublicKey() {
        return authority.publicKey();
    }

    public PoolConfig config() {
        return config;
    }

    public PoolAccounting accounting() {
        return accounting;
    }

    /** Connections currently open. */
    public int connectionCount() {
        return connections.size();
    }

    /** Finds a block now: every channel gets a future job and SetNewPrevHash. */
    public synchronized void newBlock() {
        // Captured now: the lambdas run later on the connections' loops, when `current` may be newer already.
        Work work = publishBlock();
        forEachConnection(c -> c.onWork(work));
    }

    /** A job update on the current block (an active job, no prevhash change). */
    public synchronized void updateJob() {
        Work previous = current;
        BlockTemplate t = templates.next(previous.template().height(), previous.template().prevHash(), now(),
                publishedAtTag());
        Work work = new Work(previous.prevHashId(), t, false, System.nanoTime());
        current = work;
        forEachConnection(c -> c.onWork(work));
    }

    /**
     * Test hook: address jobs and prevhashes of extended channels to their group channel id, as pools that
     * broadcast to groups do: one job per connection for all its extended channels.
     */
    public void addressJobsToGroupChannel(boolean on) {
        jobsToGroupChannel = on;
    }

    boolean jobsToGroupChannel() {
        return jobsToGroupChannel;
    }

    /**
     * Test hook: version_rolling_allowed of the jobs sent from now on (and how their shares are validated), as a
     * pool may decide per job. A pool configured without version rolling (REQUIRES_FIXED_VERSION) never allows it.
     */
    public void allowVersionRolling(boolean on) {
        jobsAllowVersionRolling = on;
    }

    /**
     * Test hook: ignore UpdateChannel (no SetTarget from the nominal hashrate), so the targets are the ones
     * {@link #forceTarget} sets.
     */
    public void freezeTargets(boolean on) {
        targetsFrozen = on;
    }

    boolean targetsFrozen() {
        return targetsFrozen;
    }

    boolean jobsAllowVersionRolling() {
        return jobsAllowVersionRolling;
    }

    /** Sends SetTarget with this difficulty to every channel. */
    public void forceTarget(double difficulty) {
        Target target = Target.fromDifficulty(difficulty);
        forEachConnection(c -> c.forceTarget(target));
    }

    /** Sends SetExtranoncePrefix (a new prefix of the same length) and a job using it to every extended channel. */
    public void changeExtranoncePrefixes() {
        changeExtranoncePrefixes(PoolConfig.PREFIX_SIZE);
    }

    /**
     * Sends SetExtranoncePrefix with a prefix of {@code length} bytes, and a job using it, to every extended
     * channel. The full extranonce keeps its size (spec 5.3.22): a longer prefix leaves fewer extranonce bytes.
     */
    public void changeExtranoncePrefixes(int length) {
        if (length < 1 || length > config.extranonceSpace()) {
            throw new IllegalArgumentException("prefix length must be 1.." + config.extranonceSpace());
        }
        forEachConnection(c -> c.changeExtranoncePrefixes(length));
    }

    /** Test hook: ChannelEndpointChanged to every channel. */
    public void sendChannelEndpointChanged() {
        forEachConnection(PoolConnection::sendChannelEndpointChanged);
    }

    /** Test hook: CloseChannel for every channel, with this reason code. */
    public void closeAllChannels(String reason) {
        forEachConnection(c -> c.closeAllChannels(reason));
    }

    /** Extensions answered as supported in RequestExtensions (default: 0x0002, worker tracking). */
    public void setSupportedExtensions(Set<Integer> extensions) {
        supportedExtensions = Set.copyOf(extensions);
    }

    Set<Integer> supportedExtensions() {
        return supportedExtensions;
    }

    /** Test hook: OpenMiningChannel.Error "unknown-user" for this user_identity from now on. */
    public void refuseIdentity(String userIdentity) {
        refusedIdentities.add(userIdentity);
    }

    boolean refusesIdentity(String userIdentity) {
        return refusedIdentities.contains(userIdentity);
    }

    /** Channels open now across all connections (asks each connection's event loop). */
    public int openChannelCount() {
        int n = 0;
        for (PoolConnection c : connections) {
            try {
                n += c.executor().submit(c::channelCount).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a connection closing meanwhile: its channels are gone
            }
        }
        return n;
    }

    /** Sends Reconnect to every connection. */
    public void reconnectAll(String host, int port) {
        forEachConnection(c -> c.write(new Reconnect(host, port)));
    }

    /** Closes every connection abruptly (no message first), as a crashing pool would. */
    public void dropAll() {
        forEachConnection(PoolConnection::close);
    }

    /**
     * When the block with this previous hash (header order) was published, as {@code System.nanoTime()}; null if
     * unknown. Lets an in-process swarm measure notify latency on the same clock.
     */
    public synchronized Long prevHashPublishedAt(byte[] prevHash) {
        return prevHashPublishedAt.get(HexFormat.of().formatHex(prevHash));
    }

    Work currentWork() {
        return current;
    }

    void connectionClosed(PoolConnection c) {
        connections.remove(c);
    }

    /** A fresh extranonce_prefix: a counter, big-endian, in the first 4 bytes; unique across the pool. */
    byte[] nextExtranoncePrefix(int size) {
        int n = prefixCounter.incrementAndGet();
        byte[] prefix = new byte[size];
        int counterBytes = Math.min(4, size); // shorter prefixes hold the counter's low bytes
        for (int i = 0; i < counterBytes; i++) {
            prefix[i] = (byte) (n >>> (8 * (counterBytes - 1 - i)));
        }
        return prefix;
    }

    private synchronized Work publishBlock() {
        Work previous = current;
        long id = previous == null ? 0 : previous.prevHashId() + 1;
        BlockTemplate t = templates.next(++height, templates.randomHash(), now(), publishedAtTag());
        long at = System.nanoTime();
        prevHashPublishedAt.put(HexFormat.of().formatHex(t.prevHash()), at);
        current = new Work(id, t, true, at);
        return current;
    }

    /**
     * The wall-clock milliseconds this pool wrote after {@link #PUBLISHED_AT_MARKER} in a job's coinb1 when it
     * published the block (for fan-out latency across processes), or 0 when coinb1 has no such mark.
     */
    public static long publishedMillis(byte[] coinbase1) {
        byte[] m = PUBLISHED_AT_MARKER;
        outer:
        for (int i = 0; i + m.length + 8 <= coinbase1.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (coinbase1[i + j] != m[j]) {
                    continue outer;
                }
            }
            long millis = 0;
            for (int k = 0; k < 8; k++) {
                millis = (millis << 8) | (coinbase1[i + m.length + k] & 0xff);
            }
            return millis;
        }
        return 0;
    }

    private static byte[] publishedAtTag() {
        return java.nio.ByteBuffer.allocate(PUBLISHED_AT_MARKER.length + 8).put(PUBLISHED_AT_MARKER)
                .putLong(System.currentTimeMillis()).array();
    }

    private void forEachConnection(Consumer<PoolConnection> action) {
        for (PoolConnection c : connections) {
            c.executor().execute(() -> action.accept(c));
        }
    }

    private static int now() {
        return (int) (System.currentTimeMillis() / 1000);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {blockTimer, jobTimer, ackTimer}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
