package org.sv2translator.testbed.pool;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.ShareRate;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.v2.message.ChannelEndpointChanged;
import org.sv2translator.v2.message.CloseChannel;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.NewMiningJob;
import org.sv2translator.v2.message.OpenExtendedMiningChannel;
import org.sv2translator.v2.message.OpenExtendedMiningChannelSuccess;
import org.sv2translator.v2.message.OpenMiningChannelError;
import org.sv2translator.v2.message.OpenStandardMiningChannel;
import org.sv2translator.v2.message.OpenStandardMiningChannelSuccess;
import org.sv2translator.v2.message.RequestExtensions;
import org.sv2translator.v2.message.RequestExtensionsError;
import org.sv2translator.v2.message.RequestExtensionsSuccess;
import org.sv2translator.v2.message.SetExtranoncePrefix;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.message.SetTarget;
import org.sv2translator.v2.message.SetupConnection;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.SubmitSharesError;
import org.sv2translator.v2.message.SubmitSharesExtended;
import org.sv2translator.v2.message.SubmitSharesStandard;
import org.sv2translator.v2.message.SubmitSharesSuccess;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.Tlv;
import org.sv2translator.v2.message.UpdateChannel;
import org.sv2translator.v2.role.MiningServerDispatcher;
import org.sv2translator.v2.role.MiningServerHandler;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

/**
 * The testbed pool's side of one SV2 connection, after the Noise handshake: SetupConnection, channel opening,
 * jobs, share validation and acknowledgement. Everything runs on the connection's event loop; the pool hands
 * new work over with {@code eventLoop().execute}. Each message a client sends reaches its method through
 * {@link MiningServerDispatcher}.
 */
final class PoolConnection extends SimpleChannelInboundHandler<Sv2Message> implements MiningServerHandler {
    private static final Logger log = LoggerFactory.getLogger(PoolConnection.class);
    private static final int GROUP_CHANNEL_ID = 1;

    /** A channel and its pending acknowledgement batch. */
    private static final class Open {
        final PoolChannel channel;
        final boolean extended;
        int pendingCount;
        double pendingDifficulty;
        int lastSequence;

        Open(PoolChannel channel, boolean extended) {
            this.channel = channel;
            this.extended = extended;
        }
    }

    private final TestPool pool;
    private final PoolConfig config;
    private final Map<Integer, Open> channels = new HashMap<>();
    private ChannelHandlerContext ctx;
    private boolean setUp;
    /** Extension 0x0002 negotiated: shares are credited to the worker their user_identity TLV names. */
    private boolean workerTracking;
    private int nextChannelId = GROUP_CHANNEL_ID + 1;
    private int nextJobId = 1;

    PoolConnection(TestPool pool) {
        this.pool = pool;
        this.config = pool.config();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.connectionClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("pool: closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Sv2Message msg) {
        if (!setUp && !(msg instanceof SetupConnection)) {
            log.warn("pool: {} sent {} before SetupConnection; closing", ctx.channel().remoteAddress(),
                    msg.getClass().getSimpleName());
            ctx.close();
            return;
        }
        MiningServerDispatcher.dispatch(msg, this);
    }

    /** Messages of the wrong direction, custom jobs and unknown extensions: the testbed pool ignores them. */
    @Override
    public void unexpected(Sv2Message msg) {
        log.info("pool: ignoring {} from {}", msg, ctx.channel().remoteAddress());
    }

    /**
     * Extension negotiation (extension 0x0001): the supported subset of what was asked, or an error listing what is
     * not supported. May come again later on the connection (after ChannelEndpointChanged): answered again.
     */
    @Override
    public void onRequestExtensions(RequestExtensions m) {
        var supported = pool.supportedExtensions();
        List<Integer> yes = m.requestedExtensions().stream().filter(supported::contains).toList();
        List<Integer> no = m.requestedExtensions().stream().filter(e -> !supported.contains(e)).toList();
        if (!no.isEmpty()) {
            workerTracking = false;
            ctx.writeAndFlush(new RequestExtensionsError(m.requestId(), no, List.of()));
            return;
        }
        workerTracking = yes.contains(Tlv.WORKER_HASHRATE_TRACKING);
        ctx.writeAndFlush(new RequestExtensionsSuccess(m.requestId(), yes));
    }

    @Override
    public void onSetupConnection(SetupConnection m) {
        String error = null;
        if (setUp) {
            error = "connection-already-set-up";
        } else if (!m.isMining()) {
            error = "unsupported-protocol";
        } else if (m.minVersion() > 2 || m.maxVersion() < 2) {
            error = "protocol-version-mismatch";
        } else if (m.requiresWorkSelection()) {
            error = "unsupported-feature-flags";
        } else if (m.requiresVersionRolling() && !config.versionRolling()) {
            error = "unsupported-feature-flags";
        }
        if (error != null) {
            ctx.writeAndFlush(new SetupConnectionError(m.flags() & (SetupConnection.REQUIRES_WORK_SELECTION
                    | SetupConnection.REQUIRES_VERSION_ROLLING), error));
            ctx.close();
            return;
        }
        setUp = true;
        ctx.writeAndFlush(new SetupConnectionSuccess(2,
                config.versionRolling() ? 0 : SetupConnectionSuccess.REQUIRES_FIXED_VERSION));
    }

    @Override
    public void onOpenExtendedMiningChannel(OpenExtendedMiningChannel m) {
        if (m.minExtranonceSize() > config.channelExtranonceSize()) {
            ctx.writeAndFlush(new OpenMiningChannelError(m.requestId(), "min-extranonce-size-too-large"));
            return;
        }
        if (pool.refusesIdentity(m.userIdentity())) {
            ctx.writeAndFlush(new OpenMiningChannelError(m.requestId(), "unknown-user"));
            return;
        }
        Target target = admit(m.requestId(), m.nominalHashRate(), m.maxTarget());
        if (target == null) {
            return;
        }
        int channelId = nextChannelId++;
        byte[] prefix = pool.nextExtranoncePrefix(PoolConfig.PREFIX_SIZE);
        PoolChannel channel = new PoolChannel(channelId, m.userIdentity(), prefix, config.channelExtranonceSize(),
                target);
        channels.put(channelId, new Open(channel, true));
        ctx.write(new OpenExtendedMiningChannelSuccess(m.requestId(), channelId, u256(target),
                config.channelExtranonceSize(), Bytes.of(prefix), GROUP_CHANNEL_ID));
        sendFirstJob(channels.get(channelId));
    }

    @Override
    public void onOpenStandardMiningChannel(OpenStandardMiningChannel m) {
        Target target = admit(m.requestId(), m.nominalHashRate(), m.maxTarget());
        if (target == null) {
            return;
        }
        int channelId = nextChannelId++;
        // A standard channel has no extranonce of its own: its prefix fills the coinbase's whole extranonce space.
        byte[] prefix = pool.nextExtranoncePrefix(config.extranonceSpace());
        PoolChannel channel = new PoolChannel(channelId, m.userIdentity(), prefix, 0, target);
        channels.put(channelId, new Open(channel, false));
        ctx.write(new OpenStandardMiningChannelSuccess(m.requestId(), channelId, u256(target), Bytes.of(prefix),
                GROUP_CHANNEL_ID));
        sendFirstJob(channels.get(channelId));
    }

    /** The checks every channel opening passes: the initial target, or null once the refusal is sent. */
    private Target admit(int requestId, float nominalHashRate, U256 maxTarget) {
        String refusal = null;
        Target target = initialTarget(nominalHashRate, maxTarget);
        if (channels.size() >= PoolConfig.MAX_CHANNELS_PER_CONNECTION) {
            refusal = "too-many-channels";
        } else if (target == null) {
            refusal = "max-target-out-of-range";
        }
        if (refusal != null) {
            ctx.writeAndFlush(new OpenMiningChannelError(requestId, refusal));
            return null;
        }
        return target;
    }

    /** Spec 5.3.16/5.3.17: a new channel first gets a future job, then the SetNewPrevHash activating it. */
    private void sendFirstJob(Open open) {
        Work work = pool.currentWork();
        sendJob(open, work, true);
        open.channel.setPrevHash(work.prevHashId(), work.template().prevHash(), work.template().ntime());
        ctx.flush();
    }

    /**
     * New work from the pool's clock: every channel gets it. With group addressing, the extended channels get one
     * job (and prevhash) addressed to their group channel, as pools broadcast it (spec 5.3.16): one job id, each
     * channel validating it with its own extranonce prefix.
     */
    void onWork(Work work) {
        boolean group = pool.jobsToGroupChannel();
        if (group) {
            sendGroupJob(work);
        }
        for (Open open : channels.values()) {
            if (group && open.extended) {
                continue;
            }
            sendJob(open, work, work.newBlock());
            if (work.newBlock()) {
                open.channel.setPrevHash(work.prevHashId(), work.template().prevHash(), work.template().ntime());
            }
        }
        ctx.flush();
    }

    private void sendGroupJob(Work work) {
        BlockTemplate t = work.template();
        int jobId = nextJobId++;
        boolean any = false;
        boolean rolling = versionRollingAllowed();
        OptionalInt minNtime = work.newBlock() ? OptionalInt.empty() : OptionalInt.of(t.ntime());
        for (Open open : channels.values()) {
            if (open.extended) {
                open.channel.addJob(jobId, t, rolling, work.prevHashId(), minNtime);
                any = true;
            }
        }
        if (!any) {
            return;
        }
        List<U256> path = t.merklePath().toList().stream().map(U256::fromLittleEndian).toList();
        ctx.write(new NewExtendedMiningJob(GROUP_CHANNEL_ID, jobId, minNtime, t.version(), rolling,
                path, Bytes.of(t.coinbase().prefix()), Bytes.of(t.coinbase().suffix())));
        if (work.newBlock()) {
            ctx.write(new SetNewPrevHash(GROUP_CHANNEL_ID, jobId, U256.fromLittleEndian(t.prevHash()), t.ntime(),
                    t.nbits()));
            for (Open open : channels.values()) {
                if (open.extended) {
                    open.channel.setPrevHash(work.prevHashId(), t.prevHash(), t.ntime());
                }
            }
        }
        pool.accounting().jobSent();
    }

    /**
     * version_rolling_allowed of a job sent now: never with REQUIRES_FIXED_VERSION (spec 5.3.1: such a pool's jobs
     * MUST NOT allow it), else as the pool's test hook last set it.
     */
    private boolean versionRollingAllowed() {
        return config.versionRolling() && pool.jobsAllowVersionRolling();
    }

    private void sendJob(Open open, Work work, boolean asNewBlock) {
        PoolChannel channel = open.channel;
        BlockTemplate t = work.template();
        int jobId = nextJobId++;
        boolean rolling = versionRollingAllowed();
        OptionalInt minNtime = asNewBlock ? OptionalInt.empty() : OptionalInt.of(t.ntime());
        channel.addJob(jobId, t, rolling, work.prevHashId(), minNtime);
        int addressedTo = channel.channelId();
        if (open.extended) {
            List<U256> path = t.merklePath().toList().stream().map(U256::fromLittleEndian).toList();
            ctx.write(new NewExtendedMiningJob(addressedTo, jobId, minNtime, t.version(),
                    rolling, path, Bytes.of(t.coinbase().prefix()), Bytes.of(t.coinbase().suffix())));
        } else {
            byte[] root = t.merklePath().root(Merkle.coinbaseTxid(t.coinbase().prefix(), channel.extranoncePrefix(),
                    new byte[0], t.coinbase().suffix()));
            ctx.write(new NewMiningJob(channel.channelId(), jobId, minNtime, t.version(), U256.fromLittleEndian(root)));
        }
        if (asNewBlock) {
            ctx.write(new SetNewPrevHash(addressedTo, jobId, U256.fromLittleEndian(t.prevHash()), t.ntime(),
                    t.nbits()));
        }
        pool.accounting().jobSent();
    }

    @Override
    public void onSubmitSharesExtended(SubmitSharesExtended m) {
        onSubmit(m.channelId(), m.sequenceNumber(), m.jobId(), m.nonce(), m.ntime(), m.version(),
                m.extranonce().toByteArray(), workerTracking ? userIdentityOf(m.tlvs()) : null);
    }

    @Override
    public void onSubmitSharesStandard(SubmitSharesStandard m) {
        onSubmit(m.channelId(), m.sequenceNumber(), m.jobId(), m.nonce(), m.ntime(), m.version(), new byte[0], null);
    }

    private void onSubmit(int channelId, int sequence, int jobId, int nonce, int ntime, int version,
                          byte[] extranonce, String tlvIdentity) {
        Open open = channels.get(channelId);
        if (open == null) {
            ctx.writeAndFlush(new SubmitSharesError(channelId, sequence, ShareVerdict.INVALID_CHANNEL.errorCode()));
            pool.accounting().record(tlvIdentity == null ? "(unknown channel)" : tlvIdentity,
                    ShareVerdict.INVALID_CHANNEL, 0);
            return;
        }
        PoolChannel channel = open.channel;
        ShareVerdict verdict = channel.validate(jobId, nonce, ntime, version, extranonce, System.nanoTime());
        double difficulty = channel.targetOf(jobId).difficulty(); // a share is worth what its job asked for
        pool.accounting().record(tlvIdentity != null ? tlvIdentity : channel.userIdentity(), verdict, difficulty);
        if (!verdict.accepted()) {
            ctx.writeAndFlush(new SubmitSharesError(channelId, sequence, verdict.errorCode()));
            return;
        }
        if (verdict == ShareVerdict.BLOCK_FOUND) {
            log.info("pool: block found on channel {} ({}), job {}", channelId, channel.userIdentity(), jobId);
        }
        open.pendingCount++;
        open.pendingDifficulty += difficulty;
        open.lastSequence = sequence;
        if (open.pendingCount >= config.successBatchSize()) {
            acknowledge(open);
            ctx.flush();
        }
    }

    /** Sends the pending SubmitShares.Success batches (the pool's timer calls this). */
    void flushAcknowledgements() {
        boolean any = false;
        for (Open open : channels.values()) {
            if (open.pendingCount > 0) {
                acknowledge(open);
                any = true;
            }
        }
        if (any) {
            ctx.flush();
        }
    }

    private void acknowledge(Open open) {
        // new_shares_sum is a U64: the batch's difficulty sum, rounded (sub-1 testbed difficulties round to 0 or 1).
        ctx.write(new SubmitSharesSuccess(open.channel.channelId(), open.lastSequence, open.pendingCount,
                Math.round(open.pendingDifficulty)));
        open.pendingCount = 0;
        open.pendingDifficulty = 0;
    }

    @Override
    public void onUpdateChannel(UpdateChannel m) {
        Open open = channels.get(m.channelId());
        if (open == null) {
            ctx.writeAndFlush(new org.sv2translator.v2.message.UpdateChannelError(m.channelId(),
                    "invalid-channel-id"));
            return;
        }
        Target target = initialTarget(m.nominalHashRate(), m.maximumTarget());
        if (target == null) {
            ctx.writeAndFlush(new org.sv2translator.v2.message.UpdateChannelError(m.channelId(),
                    "max-target-out-of-range"));
            return;
        }
        if (pool.targetsFrozen()) {
            return;
        }
        if (!target.equals(open.channel.target())) {
            setTarget(open, target);
            ctx.flush();
        }
    }

    @Override
    public void onCloseChannel(CloseChannel m) {
        channels.remove(m.channelId());
    }

    /** Test hook: a new target for every channel. */
    void forceTarget(Target target) {
        for (Open open : channels.values()) {
            setTarget(open, target);
        }
        ctx.flush();
    }

    private void setTarget(Open open, Target target) {
        open.channel.setTarget(target);
        ctx.write(new SetTarget(open.channel.channelId(), u256(target)));
    }

    /** Test hook: a fresh prefix of {@code length} bytes for every extended channel, then a job that uses it. */
    void changeExtranoncePrefixes(int length) {
        Work work = pool.currentWork();
        for (Open open : channels.values()) {
            if (open.extended) {
                byte[] prefix = pool.nextExtranoncePrefix(length);
                open.channel.setExtranoncePrefix(prefix);
                ctx.write(new SetExtranoncePrefix(open.channel.channelId(), Bytes.of(prefix)));
                sendJob(open, work, false);
            }
        }
        ctx.flush();
    }

    /** Test hook: ChannelEndpointChanged for every channel (the client must negotiate extensions again). */
    void sendChannelEndpointChanged() {
        for (Open open : channels.values()) {
            ctx.write(new ChannelEndpointChanged(open.channel.channelId()));
        }
        ctx.flush();
    }

    /** Test hook: the pool closes every channel of this connection. */
    void closeAllChannels(String reason) {
        for (Open open : channels.values()) {
            ctx.write(new CloseChannel(open.channel.channelId(), reason));
        }
        channels.clear();
        ctx.flush();
    }

    /** Channels open on this connection (its event loop only). */
    int channelCount() {
        return channels.size();
    }

    /** The event loop owning this connection; the pool hands work over through it. */
    io.netty.util.concurrent.EventExecutor executor() {
        return ctx.executor();
    }

    void write(Sv2Message message) {
        ctx.writeAndFlush(message);
    }

    void close() {
        ctx.close();
    }

    /**
     * The channel target for a hashrate: the difficulty giving {@code sharesPerMinute} shares, at least the pool's
     * minimum, and never easier than the client's {@code maxTarget}. Null for a max target of zero, which no share
     * could meet.
     */
    private Target initialTarget(float nominalHashRate, U256 maxTarget) {
        Target max = Target.fromLittleEndian(maxTarget.toLittleEndian());
        if (max.equals(Target.fromLittleEndian(new byte[32]))) {
            return null;
        }
        double rate = Float.isFinite(nominalHashRate) && nominalHashRate > 0 ? nominalHashRate : 0;
        double difficulty = Math.max(config.minDifficulty(), ShareRate.difficultyFor(rate, config.sharesPerMinute()));
        Target target = Target.fromDifficulty(difficulty);
        return target.compareTo(max) > 0 ? max : target;
    }

    private static U256 u256(Target t) {
        return U256.fromLittleEndian(t.toLittleEndian());
    }

    private static String userIdentityOf(List<Tlv> tlvs) {
        for (Tlv tlv : tlvs) {
            var id = tlv.asUserIdentity();
            if (id.isPresent()) {
                return id.get();
            }
        }
        return null;
    }
}
