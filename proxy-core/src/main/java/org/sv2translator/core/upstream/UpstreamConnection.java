package org.sv2translator.core.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.job.JobBook;
import org.sv2translator.core.job.JobTranslator;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.core.share.WorkerStats;
import org.sv2translator.v2.message.ChannelEndpointChanged;
import org.sv2translator.v2.message.CloseChannel;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.OpenExtendedMiningChannel;
import org.sv2translator.v2.message.OpenExtendedMiningChannelSuccess;
import org.sv2translator.v2.message.OpenMiningChannelError;
import org.sv2translator.v2.message.Reconnect;
import org.sv2translator.v2.message.SetExtranoncePrefix;
import org.sv2translator.v2.message.SetGroupChannel;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.message.SetTarget;
import org.sv2translator.v2.message.SetupConnection;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.SubmitSharesError;
import org.sv2translator.v2.message.SubmitSharesExtended;
import org.sv2translator.v2.message.SubmitSharesSuccess;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.Sv2MessageCodec;
import org.sv2translator.v2.message.UpdateChannel;
import org.sv2translator.v2.message.UpdateChannelError;
import org.sv2translator.v2.noise.CertificateVerifier;
import org.sv2translator.v2.noise.netty.NoiseEvent;
import org.sv2translator.v2.noise.netty.NoiseInitiatorHandler;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

/**
 * One Noise-encrypted SV2 connection to the pool carrying one aggregated extended channel: handshake pinning the
 * authority key, SetupConnection, OpenExtendedMiningChannel, then jobs in and shares out.
 *
 * <p>All channel state (sequence numbers, the shares awaiting the pool's verdict, the job translator) is owned by
 * the connection's event loop; other threads hand work over with {@code eventLoop().execute}. The job book and the
 * channel target are published for lock-free reads from the V1 loops.
 */
public final class UpstreamConnection {
    private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);
    static final int PROTOCOL_MINING = 0;
    static final int FLAG_REQUIRES_VERSION_ROLLING = 1 << 2;
    /** SetupConnection.Success flag: the pool accepts no version changes at all. */
    static final int FLAG_REQUIRES_FIXED_VERSION = 1;
    /** Forwarded shares awaiting the pool's verdict; a pool that never answers cannot grow this past the bound. */
    static final int MAX_PENDING_SHARES = 65_536;
    static final String VENDOR = "sv2-translator";
    static final String FIRMWARE = "sv2-translator 0.1.0";

    private final UpstreamConfig config;
    private final UpstreamListener listener;
    private final LongAdder sharesAccepted = new LongAdder();
    private final LongAdder sharesRejected = new LongAdder();
    private final LongAdder staleNotForwarded = new LongAdder();
    private final LongAdder sharesSent = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sentDifficulty = new java.util.concurrent.atomic.DoubleAdder();
    private final Map<Integer, WorkerStats> pending = new LinkedHashMap<>();
    /** Errors the pool sent, by "Message: code"; codes are the pool's free text, so the map is bounded. */
    private final Map<String, LongAdder> errors = new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_ERROR_KINDS = 64;
    private Channel channel;
    private JobTranslator jobs;
    private volatile Target channelTarget = Target.MAX;
    private volatile int channelId = -1;
    private int groupChannelId = -1;
    private volatile boolean fixedVersion;
    private int nextSequence;
    private boolean closedReported;

    public UpstreamConnection(UpstreamConfig config, UpstreamListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** Connects and sets up; the listener hears of success ({@code onChannelOpened}) or failure ({@code onClosed}). */
    public ChannelFuture connect(EventLoopGroup group) {
        CertificateVerifier verifier = new CertificateVerifier(config.authorityKey());
        ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new NoiseInitiatorHandler(verifier), new Sv2MessageCodec(), new Handler());
                    }
                }).connect(config.address());
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                reportClosed("cannot connect to " + config.address() + ": " + done.cause().getMessage());
            }
        });
        return f;
    }

    /** The jobs miners may submit on (any thread). */
    public JobBook jobs() {
        JobTranslator t = jobs;
        return t == null ? JobBook.EMPTY : t.book();
    }

    /** The channel target: a share meeting it goes to the pool (any thread). */
    public Target channelTarget() {
        return channelTarget;
    }

    /** False when the pool said REQUIRES_FIXED_VERSION: no job may be version-rolled. */
    public boolean versionRollingAllowed() {
        return !fixedVersion;
    }

    public boolean isOpen() {
        return channelId >= 0 && channel.isActive();
    }

    public long sharesAccepted() {
        return sharesAccepted.sum();
    }

    public long sharesRejected() {
        return sharesRejected.sum();
    }

    /** Shares sent to the pool (SubmitSharesExtended written). */
    public long sharesSent() {
        return sharesSent.sum();
    }

    /** Sum of the channel difficulty of the shares sent: the work the pool should credit. */
    public double sentDifficulty() {
        return sentDifficulty.sum();
    }

    /** Shares held back because a new prevhash arrived while they were on their way to the pool. */
    public long staleNotForwarded() {
        return staleNotForwarded.sum();
    }

    /** How many times the pool sent each error ("SubmitShares.Error: stale-share" and so on). */
    public Map<String, Long> errors() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        errors.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    private void countError(String message, String code) {
        String key = message + ": " + code;
        if (!errors.containsKey(key) && errors.size() >= MAX_ERROR_KINDS) {
            key = message + ": (other codes)";
        }
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /**
     * Sends a share to the pool (from any thread). {@code extranonce} is the channel part: the miner's extranonce1
     * followed by its extranonce2. The pool's verdict is counted on {@code worker}.
     */
    public void submit(V1Job job, byte[] extranonce, int nonce, int ntime, int version, WorkerStats worker) {
        channel.eventLoop().execute(() -> {
            if (channelId < 0 || !channel.isActive()) {
                return;
            }
            if (job.epoch() != jobs.epoch()) {
                // A SetNewPrevHash overtook this share between the miner's loop and ours: the pool would only
                // call it stale. The miner has its answer already; the pool never sees it.
                staleNotForwarded.increment();
                return;
            }
            int sequence = nextSequence++;
            sharesSent.increment();
            sentDifficulty.add(channelTarget.difficulty());
            worker.forwardedOne();
            pending.put(sequence, worker);
            if (pending.size() > MAX_PENDING_SHARES) {
                pending.remove(pending.keySet().iterator().next());
            }
            channel.writeAndFlush(new SubmitSharesExtended(channelId, sequence, job.sv2JobId(), nonce, ntime,
                    version, Bytes.of(extranonce), List.of()), channel.voidPromise());
        });
    }

    /** Tells the pool the channel's total hashrate (UpdateChannel). From any thread. */
    public void updateHashrate(double hashesPerSecond) {
        channel.eventLoop().execute(() -> {
            if (channelId >= 0 && channel.isActive()) {
                channel.writeAndFlush(new UpdateChannel(channelId, (float) hashesPerSecond, U256.MAX),
                        channel.voidPromise());
            }
        });
    }

    public void close() {
        if (channel != null) {
            channel.close();
        }
    }

    private void reportClosed(String reason) {
        if (!closedReported) {
            closedReported = true;
            channelId = -1;
            listener.onClosed(reason);
        }
    }

    /** Lives in the pipeline; everything here runs on the connection's event loop. */
    private final class Handler extends SimpleChannelInboundHandler<Sv2Message> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof NoiseEvent.HandshakeCompleted) {
                var remote = config.address();
                ctx.writeAndFlush(new SetupConnection(PROTOCOL_MINING, 2, 2,
                        config.requireVersionRolling() ? FLAG_REQUIRES_VERSION_ROLLING : 0,
                        remote.getHostString(), remote.getPort(), VENDOR, "", FIRMWARE, ""));
            } else if (evt instanceof NoiseEvent.Failed failed) {
                reportClosed("Noise handshake with " + config.address() + " failed: " + failed.cause().getMessage());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reportClosed("connection to " + config.address() + " closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("upstream {}: {}; closing", config.address(), cause.toString());
            reportClosed("upstream error: " + cause.getMessage());
            ctx.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Sv2Message msg) {
            if (msg instanceof SetupConnectionSuccess ok) {
                fixedVersion = (ok.flags() & FLAG_REQUIRES_FIXED_VERSION) != 0;
                ctx.writeAndFlush(new OpenExtendedMiningChannel(1, config.userIdentity(), 0f, U256.MAX,
                        config.minExtranonceSize()));
            } else if (msg instanceof SetupConnectionError e) {
                countError("SetupConnection.Error", e.errorCode());
                log.error("pool {} refused SetupConnection: {} (flags {})", config.address(), e.errorCode(), e.flags());
                ctx.close();
            } else if (msg instanceof OpenExtendedMiningChannelSuccess s) {
                onOpened(s);
            } else if (msg instanceof OpenMiningChannelError e) {
                countError("OpenMiningChannel.Error", e.errorCode());
                log.error("pool {} refused the channel for '{}': {}", config.address(), config.userIdentity(),
                        e.errorCode());
                ctx.close();
            } else if (msg instanceof NewExtendedMiningJob job && isOurs(job.channelId())) {
                jobs.onNewExtendedMiningJob(job).ifPresent(listener::onJob);
            } else if (msg instanceof SetNewPrevHash p && isOurs(p.channelId())) {
                jobs.onSetNewPrevHash(p).ifPresent(listener::onJob);
            } else if (msg instanceof SetTarget t && t.channelId() == channelId) {
                channelTarget = Target.fromLittleEndian(t.maximumTarget().toLittleEndian());
                log.debug("pool set channel target to difficulty {}", channelTarget.difficulty());
                listener.onTarget(channelTarget);
            } else if (msg instanceof SetExtranoncePrefix p && p.channelId() == channelId) {
                jobs.setExtranoncePrefix(p.extranoncePrefix().toByteArray());
                log.info("pool changed the extranonce prefix to {}", p.extranoncePrefix().hex());
            } else if (msg instanceof SubmitSharesSuccess s) {
                onSuccess(s);
            } else if (msg instanceof SubmitSharesError e) {
                onError(e);
            } else if (msg instanceof UpdateChannelError e) {
                countError("UpdateChannel.Error", e.errorCode());
                log.warn("pool refused UpdateChannel: {}", e.errorCode());
            } else if (msg instanceof CloseChannel c && c.channelId() == channelId) {
                countError("CloseChannel", c.reasonCode());
                log.error("pool closed the channel: {}", c.reasonCode());
                ctx.close();
            } else if (msg instanceof Reconnect r) {
                log.warn("pool asks to reconnect to {}:{}; closing this connection", r.newHost(), r.newPort());
                ctx.close();
            } else if (msg instanceof ChannelEndpointChanged c) {
                log.warn("pool says channel {} endpoint changed; closing to reopen", c.channelId());
                ctx.close();
            } else if (msg instanceof SetGroupChannel) {
                log.debug("pool grouped channels: {}", msg);
            } else {
                log.warn("unexpected message from pool: {}", msg);
            }
        }

        /** Jobs may be addressed to our channel or broadcast to its group channel (spec 5.3.16). */
        private boolean isOurs(int addressedTo) {
            return channelId >= 0 && (addressedTo == channelId || addressedTo == groupChannelId);
        }

        private void onOpened(OpenExtendedMiningChannelSuccess s) {
            groupChannelId = s.groupChannelId();
            channelTarget = Target.fromLittleEndian(s.target().toLittleEndian());
            jobs = new JobTranslator(s.extranoncePrefix().toByteArray());
            channelId = s.channelId();
            log.info("extended channel {} open for '{}': extranonce_prefix {} + {} bytes, target difficulty {}",
                    s.channelId(), config.userIdentity(), s.extranoncePrefix().hex(), s.extranonceSize(),
                    channelTarget.difficulty());
            listener.onChannelOpened(s.extranonceSize(), s.extranoncePrefix().toByteArray(), channelTarget);
        }

        /** A batch acknowledges every pending share up to its last sequence number. */
        private void onSuccess(SubmitSharesSuccess s) {
            sharesAccepted.add(Integer.toUnsignedLong(s.newSubmitsAcceptedCount()));
            var it = pending.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey() - s.lastSequenceNumber() > 0) {
                    break; // later than this batch (compared with wrap-around)
                }
                e.getValue().upstreamAccepted();
                it.remove();
            }
        }

        private void onError(SubmitSharesError e) {
            sharesRejected.increment();
            countError("SubmitShares.Error", e.errorCode());
            WorkerStats worker = pending.remove(e.sequenceNumber());
            if (worker != null) {
                worker.upstreamRejected();
            }
            log.warn("pool rejected share {} from worker {}: {}", e.sequenceNumber(),
                    worker == null ? "(unknown)" : worker.name(), e.errorCode());
        }
    }

    /** The prevhash generation of the job stream, for freeing extranonces (upstream loop only). */
    public long epoch() {
        return jobs == null ? -1 : jobs.epoch();
    }
}
