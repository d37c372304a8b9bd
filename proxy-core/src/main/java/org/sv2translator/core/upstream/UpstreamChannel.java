package org.sv2translator.core.upstream;

import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.job.JobBook;
import org.sv2translator.core.job.JobTranslator;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.core.share.WorkerStats;
import org.sv2translator.v1.MinerText;
import org.sv2translator.v2.message.CloseChannel;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.OpenExtendedMiningChannelSuccess;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.message.SubmitSharesError;
import org.sv2translator.v2.message.SubmitSharesExtended;
import org.sv2translator.v2.message.SubmitSharesSuccess;
import org.sv2translator.v2.message.Tlv;
import org.sv2translator.v2.message.UpdateChannel;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

/**
 * One extended channel on an {@link UpstreamConnection}: its jobs, target and extranonce layout, and the shares
 * sent on it awaiting the pool's verdict.
 *
 * <p>Extranonce layout: the pool gives {@code extranonceSize} bytes after its extranonce_prefix; the miners fill
 * the last {@link #downstreamBytes()} (extranonce1 + extranonce2) and the bytes between are zero padding carried
 * in coinbase1. So a pool that grants more than asked, or a backup pool with a different size, never changes a
 * miner's extranonce1.
 *
 * <p>State is owned by the connection's event loop; {@link #jobs()} and {@link #target()} are published for
 * lock-free reads from the V1 loops, and the other public methods may be called from any thread.
 */
public final class UpstreamChannel {
    private static final Logger log = LoggerFactory.getLogger(UpstreamChannel.class);
    /** Forwarded shares awaiting the pool's verdict; a pool that never answers cannot grow this past the bound. */
    static final int MAX_PENDING_SHARES = 65_536;
    /** SubmitShares.Error's code for a share on a job that is no longer valid (spec 5.3.14). */
    private static final String STALE_SHARE = "stale-share";

    private final UpstreamConnection connection;
    private final String userIdentity;
    private final ChannelListener listener;
    /** Forwarded shares awaiting a verdict, by sequence number, oldest first. Owned by the connection's loop. */
    private final Map<Integer, Pending> pending = new LinkedHashMap<>();
    private volatile int downstreamBytes;
    private volatile int channelId = -1;
    private int groupChannelId = -1;
    private volatile JobTranslator jobs;
    private volatile Target target = Target.MAX;
    private byte[] extranoncePrefix = new byte[0];
    private int extranonceSize;
    private int nextSequence;
    private volatile boolean closed;

    UpstreamChannel(UpstreamConnection connection, String userIdentity, int downstreamBytes,
                    ChannelListener listener) {
        this.connection = connection;
        this.userIdentity = userIdentity;
        this.downstreamBytes = downstreamBytes;
        this.listener = listener;
    }

    public UpstreamConnection connection() {
        return connection;
    }

    public String userIdentity() {
        return userIdentity;
    }

    /** The pool's channel id, or -1 until open. */
    public int channelId() {
        return channelId;
    }

    /** The jobs miners may submit on; empty unless the channel is open (any thread). */
    public JobBook jobs() {
        JobTranslator t = jobs;
        return t == null || !isOpen() ? JobBook.EMPTY : t.book();
    }

    /** The channel target: a share meeting it goes to the pool (any thread). */
    public Target target() {
        return target;
    }

    /** Closed by its owner or lost; a channel closed before the pool answered is closed there when it does. */
    boolean isClosed() {
        return closed;
    }

    public boolean isOpen() {
        return channelId >= 0 && !closed && connection.isActive();
    }

    /** Extranonce bytes the miners fill: extranonce1 + extranonce2. */
    public int downstreamBytes() {
        return downstreamBytes;
    }

    /**
     * Sends a share (from any thread). {@code extranonce1} and {@code extranonce2} are the miner's; the padding of
     * the job's layout goes in front. Dropped, and counted as not forwarded, when the job is no longer current.
     * {@code jobDifficulty} is the difficulty of the target the job was issued under: what the pool credits for it.
     */
    public void submit(V1Job job, byte[] extranonce1, byte[] extranonce2, int nonce, int ntime, int version,
                       WorkerStats worker, double jobDifficulty) {
        Channel ch = connection.channel();
        ch.eventLoop().execute(() -> {
            JobTranslator t = jobs;
            if (!isOpen() || t == null || job.epoch() != t.epoch() || t.book().get(job.v1JobId()) != job) {
                // Overtaken by a SetNewPrevHash or a lost channel between the miner's loop and ours: the pool would
                // only call it stale. The miner has its answer already; the pool never sees it.
                connection.stats().staleNotForwarded.increment();
                return;
            }
            byte[] extranonce = new byte[job.extranoncePadding() + extranonce1.length + extranonce2.length];
            System.arraycopy(extranonce1, 0, extranonce, job.extranoncePadding(), extranonce1.length);
            System.arraycopy(extranonce2, 0, extranonce, job.extranoncePadding() + extranonce1.length,
                    extranonce2.length);
            int sequence = nextSequence++;
            connection.stats().sharesSent.increment();
            connection.stats().sentDifficulty.add(jobDifficulty);
            worker.forwardedOne();
            pending.put(sequence, new Pending(worker, System.nanoTime(), t.epoch()));
            if (pending.size() > MAX_PENDING_SHARES) {
                // Never answered and no longer waited for: lost, so that forwarded = accepted + rejected + lost.
                pending.remove(pending.keySet().iterator().next());
                connection.stats().sharesLost.increment();
            }
            List<Tlv> tlvs = connection.workerTracking() ? List.of(Tlv.userIdentity(worker.trackingIdentity()))
                    : List.of();
            ch.writeAndFlush(new SubmitSharesExtended(channelId, sequence, job.sv2JobId(), nonce, ntime, version,
                    Bytes.of(extranonce), tlvs), ch.voidPromise());
        });
    }

    /** Tells the pool the channel's hashrate (UpdateChannel). From any thread. */
    public void updateHashrate(double hashesPerSecond) {
        Channel ch = connection.channel();
        ch.eventLoop().execute(() -> {
            if (isOpen()) {
                ch.writeAndFlush(new UpdateChannel(channelId, (float) hashesPerSecond, U256.MAX), ch.voidPromise());
            }
        });
    }

    /** Closes the channel (CloseChannel to the pool); the listener is not told. From any thread. */
    public void close(String reason) {
        Channel ch = connection.channel();
        ch.eventLoop().execute(() -> {
            if (closed) {
                return;
            }
            closed = true;
            if (channelId >= 0 && ch.isActive()) {
                ch.writeAndFlush(new CloseChannel(channelId, reason), ch.voidPromise());
            }
            connection.forget(this);
        });
    }

    // ---- from the connection, on its event loop ----

    int groupChannelId() {
        return groupChannelId;
    }

    void setGroupChannelId(int id) {
        groupChannelId = id;
    }

    void onOpened(OpenExtendedMiningChannelSuccess s) {
        extranoncePrefix = s.extranoncePrefix().toByteArray();
        extranonceSize = s.extranonceSize();
        groupChannelId = s.groupChannelId();
        target = Target.fromLittleEndian(s.target().toLittleEndian());
        channelId = s.channelId();
        if (extranonceSize < downstreamBytes && !shrinkTo(extranonceSize)) {
            return;
        }
        jobs = new JobTranslator(extranoncePrefix, extranonceSize, extranonceSize - downstreamBytes,
                connection.jobIds());
        log.info("extended channel {} open for '{}' on {}: extranonce_prefix {} + {} bytes, target difficulty {}",
                channelId, userIdentity, connection.pool(), Bytes.of(extranoncePrefix).hex(), extranonceSize,
                target.difficulty());
        listener.onOpened(this);
    }

    void onJob(NewExtendedMiningJob job) {
        JobTranslator t = jobs;
        if (t != null && !closed) {
            t.onNewExtendedMiningJob(job).ifPresent(j -> listener.onJob(this, j));
        }
    }

    void onPrevHash(SetNewPrevHash prevHash) {
        JobTranslator t = jobs;
        if (t != null && !closed) {
            t.onSetNewPrevHash(prevHash).ifPresent(j -> listener.onJob(this, j));
        }
    }

    void onTarget(U256 maximumTarget) {
        target = Target.fromLittleEndian(maximumTarget.toLittleEndian());
        log.debug("pool set channel {} target to difficulty {}", channelId, target.difficulty());
    }

    /**
     * SetExtranoncePrefix. All channels of a group keep the same full extranonce size (spec 5.3.22), so a longer
     * prefix leaves fewer bytes after it: the new extranonce size is the old full size minus the new prefix.
     */
    void onExtranoncePrefix(byte[] prefix) {
        int full = extranoncePrefix.length + extranonceSize;
        int size = full - prefix.length;
        log.info("pool changed channel {} extranonce prefix to {} ({} extranonce bytes left)", channelId,
                Bytes.of(prefix).hex(), size);
        extranoncePrefix = prefix.clone();
        extranonceSize = size;
        if (size < downstreamBytes && !shrinkTo(size)) {
            return;
        }
        if (jobs != null) {
            jobs.setExtranoncePrefix(extranoncePrefix, extranonceSize, extranonceSize - downstreamBytes);
        }
    }

    private boolean shrinkTo(int size) {
        int use = size < 1 ? -1 : listener.onExtranonceShrunk(this, size);
        if (use < 0 || use > size) {
            Channel ch = connection.channel();
            if (ch.isActive()) {
                ch.writeAndFlush(new CloseChannel(channelId, "extranonce space too small"), ch.voidPromise());
            }
            connection.forget(this);
            lost("extranonce space of " + size + " bytes is too small for the miners");
            return false;
        }
        downstreamBytes = use;
        return true;
    }

    /**
     * A batch acknowledges every pending share up to its last sequence number. Accepted shares are counted from
     * the pending ones it settles (not from the pool's new_submits_accepted_count), so that each forwarded share
     * ends in exactly one of accepted, rejected and lost.
     */
    void onSuccess(SubmitSharesSuccess s) {
        var it = pending.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey() - s.lastSequenceNumber() > 0) {
                break; // later than this batch (compared with wrap-around)
            }
            e.getValue().worker().upstreamAccepted();
            connection.stats().sharesAccepted.increment();
            it.remove();
        }
        settledIfClosed();
    }

    void onError(SubmitSharesError e) {
        connection.stats().countError("SubmitShares.Error", e.errorCode());
        Pending p = pending.remove(e.sequenceNumber());
        WorkerStats worker = p == null ? null : p.worker();
        boolean inFlight = false;
        if (worker != null) {
            connection.stats().sharesRejected.increment();
            worker.upstreamRejected();
            if (STALE_SHARE.equals(e.errorCode()) && p.epoch() != epoch()) {
                // Sent on the previous prevhash while the pool's SetNewPrevHash was on its way to us: a race no
                // translator answering miners at once can avoid, unlike a refusal under a rule we got wrong.
                connection.stats().staleInFlight.increment();
                inFlight = true;
            }
        }
        settledIfClosed();
        log.warn("pool rejected share {} on channel {} from worker {}: {}{}", e.sequenceNumber(), channelId,
                worker == null ? "(unknown)" : MinerText.forLog(worker.name()), e.errorCode(),
                inFlight ? " (sent before the new block reached us)" : "");
    }

    /** The channel ended without our asking (refused, closed by the pool, connection gone). */
    void lost(String reason) {
        drainLost();
        if (!closed) {
            closed = true;
            listener.onClosed(this, reason);
        }
    }

    /** The shares still awaiting a verdict will never get one: counted lost. */
    void drainLost() {
        if (!pending.isEmpty()) {
            connection.stats().sharesLost.add(pending.size());
            log.warn("{} share(s) sent on {} lost without a verdict", pending.size(), this);
            pending.clear();
        }
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** When the oldest share awaiting a verdict was sent (System.nanoTime), or Long.MIN_VALUE with none. */
    long oldestPendingNanos() {
        return pending.isEmpty() ? Long.MIN_VALUE : pending.values().iterator().next().sentNanos();
    }

    private void settledIfClosed() {
        if (closed && pending.isEmpty()) {
            connection.settled(this);
        }
    }

    /** A forwarded share: whose, when it was sent (for the verdict timeout), and on which prevhash generation. */
    private record Pending(WorkerStats worker, long sentNanos, long epoch) {
    }

    /** The prevhash generation of the channel's jobs (upstream loop). */
    long epoch() {
        JobTranslator t = jobs;
        return t == null ? -1 : t.epoch();
    }

    @Override
    public String toString() {
        return "channel " + channelId + " ('" + userIdentity + "') on " + connection.pool();
    }
}
