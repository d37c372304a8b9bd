package org.sv2translator.testbed.tp;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.v2.message.Sv2MessageCodec;
import org.sv2translator.v2.noise.InvalidAuthorityKeyException;
import org.sv2translator.v2.noise.NoiseKeyPair;
import org.sv2translator.v2.noise.NoiseKeys;
import org.sv2translator.v2.noise.SignatureNoiseMessage;
import org.sv2translator.v2.noise.netty.NoiseResponderHandler;
import org.sv2translator.v2.wire.Sv2FrameDecoder;

/**
 * An embedded Template Provider (spec 7) for lab and interoperability runs, e.g. as the template source of another
 * implementation's pool: realistic templates without a Bitcoin node (a made-up mempool of a few thousand SegWit
 * transactions, the witness commitment, BIP34 heights, the block subsidy plus fees), a block clock, fee updates
 * between blocks, RequestTransactionData answered with the transactions' bytes, and SubmitSolution checked and, when
 * it is a valid block, made the new tip as a node would after broadcasting it. {@link #solutions()} tells what was
 * submitted.
 *
 * <p>Speaks Noise NX with a certificate from its authority key (the same responder pipeline as the testbed pool), or
 * plain frames when the config says so. Start with {@link #start(InetSocketAddress)}; {@link #close()} stops it.
 * Thread-safe: the chain state changes under this object's lock and reaches each connection's event loop as an
 * immutable {@link ChainTip}.
 */
public final class TemplateProvider implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TemplateProvider.class);
    private static final int FIRST_HEIGHT = 900_000;
    /**
     * Updates stop adding transactions here: a long block interval with frequent updates would otherwise grow the
     * mempool without bound. About seven blocks' worth; a template takes at most one block's (~7000).
     */
    static final int MAX_MEMPOOL_TRANSACTIONS = 50_000;

    private final TemplateProviderConfig config;
    private final NoiseKeys.AuthorityKeyPair authority;
    private final NoiseKeyPair staticKey = NoiseKeyPair.generate();
    private final SignatureNoiseMessage certificate;
    private final Random random;
    private final int nbits;
    private final Target target;
    private final Set<TpConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<SubmittedSolution> solutions = new CopyOnWriteArrayList<>();
    /** Template ids are strictly increasing across all connections (spec 7.2). */
    private final AtomicLong templateIds = new AtomicLong();
    private final AtomicLong templatesSent = new AtomicLong();
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers;
    private volatile ChainTip tip;
    private boolean closed;
    private Channel serverChannel;
    private ScheduledFuture<?> blockTimer;
    private ScheduledFuture<?> templateTimer;

    /**
     * @param config    the provider's settings
     * @param authority the authority key pair that signs the provider's certificate; null generates one (its public
     *                  key, {@link #authorityPublicKey()}, is what clients pin)
     * @param threads   event loop threads for connections
     * @param seed      seeds the made-up mempool and block hashes (tests pass one for reproducible templates)
     * @throws InvalidAuthorityKeyException if the given authority secret key is not valid
     */
    public TemplateProvider(TemplateProviderConfig config, NoiseKeys.AuthorityKeyPair authority, int threads,
                            long seed) throws InvalidAuthorityKeyException {
        this.config = config;
        this.authority = authority != null ? authority : NoiseKeys.generateAuthorityKeyPair();
        Instant now = Instant.now();
        // An hour of slack before now covers clients whose clocks lag; a year after is longer than any lab run.
        this.certificate = NoiseKeys.issueCertificate(this.authority.secretKey(), staticKey.xOnlyPublicKey(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
        this.workers = new NioEventLoopGroup(threads);
        this.random = new Random(seed);
        this.nbits = Target.fromDifficulty(config.networkDifficulty()).toNBits();
        // The header can only carry the compact form, so that is the target a block really has to meet.
        this.target = Target.fromNBits(nbits);
        byte[] genesisLike = new byte[32];
        random.nextBytes(genesisLike);
        this.tip = newTip(-1, FIRST_HEIGHT - 1, genesisLike, 0);
    }

    /** Binds and starts the block and template clocks. */
    public synchronized TemplateProvider start(InetSocketAddress listen) throws InterruptedException {
        serverChannel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (config.encrypted()) {
                            ch.pipeline().addLast(new NoiseResponderHandler(staticKey, certificate));
                        } else {
                            ch.pipeline().addLast(new Sv2FrameDecoder());
                        }
                        ch.pipeline().addLast(new Sv2MessageCodec());
                        TpConnection connection = new TpConnection(TemplateProvider.this, ch.eventLoop());
                        ch.pipeline().addLast(connection);
                        // Only now: the provider's timers may call it from here on, and its context is set.
                        connections.add(connection);
                    }
                }).bind(listen).sync().channel();
        long block = config.blockInterval().toMillis();
        long update = config.templateInterval().toMillis();
        blockTimer = boss.next().scheduleAtFixedRate(this::newBlock, block, block, TimeUnit.MILLISECONDS);
        templateTimer = boss.next().scheduleAtFixedRate(this::mempoolUpdate, update, update, TimeUnit.MILLISECONDS);
        log.info("template provider listening on {} ({})", serverChannel.localAddress(),
                config.encrypted() ? "Noise NX" : "unencrypted");
        return this;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The base58check authority public key clients pin. */
    public String authorityPublicKey() {
        return authority.publicKey();
    }

    public TemplateProviderConfig config() {
        return config;
    }

    /** Connections currently open. */
    public int connectionCount() {
        return connections.size();
    }

    /** NewTemplate messages sent so far, to all clients. */
    public long templatesSent() {
        return templatesSent.get();
    }

    /** Every SubmitSolution received, in order, with its verdict. */
    public List<SubmittedSolution> solutions() {
        return List.copyOf(solutions);
    }

    /** Height of the block templates are for now. */
    public int height() {
        return tip.height();
    }

    /** "The network" finds a block now: every client gets a future template and SetNewPrevHash. */
    public void newBlock() {
        byte[] hash = new byte[32];
        synchronized (this) {
            random.nextBytes(hash);
        }
        advance(hash);
    }

    /** New transactions reach the mempool: every client gets an active template with the higher fees. */
    public void mempoolUpdate() {
        ChainTip updated;
        synchronized (this) {
            ChainTip current = tip;
            List<MempoolTransaction> mempool = new ArrayList<>(current.mempool());
            for (int i = 0; i < config.transactionsPerUpdate() && mempool.size() < MAX_MEMPOOL_TRANSACTIONS; i++) {
                mempool.add(MempoolTransaction.random(random));
            }
            updated = new ChainTip(current.tipId(), current.height(), current.prevHash(), current.nbits(),
                    current.target(), current.headerTimestamp(), mempool);
            tip = updated;
        }
        forEachConnection(c -> c.updateTemplate(updated));
    }

    ChainTip currentTip() {
        return tip;
    }

    long nextTemplateId() {
        return templateIds.incrementAndGet();
    }

    void templateSent() {
        templatesSent.incrementAndGet();
    }

    void connectionClosed(TpConnection c) {
        connections.remove(c);
    }

    /** Called on the submitting connection's loop. A valid block becomes the tip, as after a broadcast. */
    void solutionChecked(SolutionCheck.Verdict verdict, TpConnection from) {
        SubmittedSolution s = verdict.solution();
        solutions.add(s);
        if (s.accepted()) {
            log.info("tp: block {} at height {} from template {}: broadcast, new tip", s.blockHash(), s.height(),
                    s.templateId());
            advance(verdict.blockHash());
        } else {
            log.warn("tp: SubmitSolution for template {} refused: {}", s.templateId(), s.reason());
        }
    }

    private void advance(byte[] newTipHash) {
        ChainTip next;
        synchronized (this) {
            ChainTip current = tip;
            next = newTip(current.tipId(), current.height(), newTipHash, current.headerTimestamp());
            tip = next;
        }
        forEachConnection(c -> c.announceBlock(next));
    }

    /** The tip after a block at {@code previousHeight}: a fresh mempool, a time after the previous one. */
    private synchronized ChainTip newTip(long previousTipId, int previousHeight, byte[] hash, int previousTimestamp) {
        List<MempoolTransaction> mempool = new ArrayList<>(config.transactionCount());
        for (int i = 0; i < config.transactionCount(); i++) {
            mempool.add(MempoolTransaction.random(random));
        }
        int now = (int) (System.currentTimeMillis() / 1000);
        int timestamp = Integer.compareUnsigned(now, previousTimestamp) > 0 ? now : previousTimestamp + 1;
        return new ChainTip(previousTipId + 1, previousHeight + 1, hash, nbits, target, timestamp, mempool);
    }

    private void forEachConnection(Consumer<TpConnection> action) {
        for (TpConnection c : connections) {
            c.executor().execute(() -> action.accept(c));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {blockTimer, templateTimer}) {
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
