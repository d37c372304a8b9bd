package org.sv2translator.core.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.wire.U256;

/**
 * Turns one extended channel's SV2 job stream into V1 jobs (DESIGN.md, "Data flow"): future jobs are held until
 * the SetNewPrevHash that activates them, which then yields a clean_jobs job at once; active jobs on the current
 * prevhash yield jobs directly. coinbase1 is coinbase_tx_prefix + the channel's current extranonce_prefix + padding, so a
 * job is byte-identical for every miner of the channel and a SetExtranoncePrefix only changes later jobs.
 *
 * <p>Not thread-safe: owned by the upstream connection's event loop. Readers use {@link #book()}.
 */
public final class JobTranslator {
    private static final Logger log = LoggerFactory.getLogger(JobTranslator.class);
    /** Future jobs remembered; pools send one or two per block. Bounds memory against a misbehaving pool. */
    static final int MAX_FUTURE_JOBS = 16;

    private final Map<Integer, NewExtendedMiningJob> futureJobs = new LinkedHashMap<>();
    private final AtomicLong jobIds;
    private final LongSupplier nanoClock;
    private byte[] extranoncePrefix;
    private int extranonceSize;
    private int padding;
    private SetNewPrevHash prevHash;
    /** When {@link #prevHash} was received: the ntime window of its jobs grows from then (spec 5.3.11). */
    private long prevHashReceivedNanos;
    private long epoch = -1;
    private volatile JobBook book = JobBook.EMPTY;

    /**
     * @param extranoncePrefix the channel's extranonce_prefix
     * @param extranonceSize   the channel's extranonce bytes after the prefix
     * @param padding          zero bytes appended to coinbase1 before the miner's part of the extranonce
     * @param jobIds           source of V1 job ids, shared by every channel of the translator so that a job id
     *                         never means two jobs (a miner may submit on a lost channel's job after failover)
     */
    public JobTranslator(byte[] extranoncePrefix, int extranonceSize, int padding, AtomicLong jobIds) {
        this(extranoncePrefix, extranonceSize, padding, jobIds, System::nanoTime);
    }

    /** @param nanoClock {@code System.nanoTime()}, or a test's clock: when each SetNewPrevHash is received */
    JobTranslator(byte[] extranoncePrefix, int extranonceSize, int padding, AtomicLong jobIds, LongSupplier nanoClock) {
        this.jobIds = jobIds;
        this.nanoClock = nanoClock;
        setExtranoncePrefix(extranoncePrefix, extranonceSize, padding);
    }

    /** The jobs miners may submit on now (safe from any thread). */
    public JobBook book() {
        return book;
    }

    /** SetExtranoncePrefix: applies to jobs translated from now on (spec 5.3.10). */
    public void setExtranoncePrefix(byte[] prefix, int extranonceSize, int padding) {
        if (padding < 0 || padding > extranonceSize) {
            throw new IllegalArgumentException("padding " + padding + " outside the extranonce of " + extranonceSize);
        }
        this.extranoncePrefix = prefix.clone();
        this.extranonceSize = extranonceSize;
        this.padding = padding;
    }

    /** A NewExtendedMiningJob: a V1 job if it is active on the current prevhash, empty if it is a future job. */
    public Optional<V1Job> onNewExtendedMiningJob(NewExtendedMiningJob job) {
        if (job.minNtime().isEmpty()) {
            futureJobs.put(job.jobId(), job);
            while (futureJobs.size() > MAX_FUTURE_JOBS) {
                futureJobs.remove(futureJobs.keySet().iterator().next());
            }
            return Optional.empty();
        }
        if (prevHash == null) {
            log.warn("upstream sent active job {} before any SetNewPrevHash; ignoring it", job.jobId());
            return Optional.empty();
        }
        int ntime = Integer.compareUnsigned(job.minNtime().getAsInt(), prevHash.minNtime()) >= 0
                ? job.minNtime().getAsInt() : prevHash.minNtime();
        return Optional.of(publish(job, ntime, false));
    }

    /** A SetNewPrevHash: earlier jobs become stale; the future job it names becomes the clean_jobs job. */
    public Optional<V1Job> onSetNewPrevHash(SetNewPrevHash message) {
        prevHash = message;
        prevHashReceivedNanos = nanoClock.getAsLong();
        epoch++;
        NewExtendedMiningJob job = futureJobs.remove(message.jobId());
        futureJobs.clear();
        if (job == null) {
            log.warn("upstream SetNewPrevHash names job {} that was never sent as a future job; miners wait for the"
                    + " next job", message.jobId());
            book = JobBook.EMPTY;
            return Optional.empty();
        }
        return Optional.of(publish(job, message.minNtime(), true));
    }

    /** The prevhash generation, which advances on every SetNewPrevHash (used to free extranonces). */
    public long epoch() {
        return epoch;
    }

    private V1Job publish(NewExtendedMiningJob job, int ntime, boolean clean) {
        byte[] prefix = job.coinbaseTxPrefix().toByteArray();
        byte[] coinbase1 = new byte[prefix.length + extranoncePrefix.length + padding];
        System.arraycopy(prefix, 0, coinbase1, 0, prefix.length);
        System.arraycopy(extranoncePrefix, 0, coinbase1, prefix.length, extranoncePrefix.length);
        List<byte[]> path = new ArrayList<>(job.merklePath().size());
        for (U256 node : job.merklePath()) {
            path.add(node.toLittleEndian());
        }
        long sequence = jobIds.incrementAndGet();
        V1Job v1 = new V1Job(Long.toHexString(sequence), job.jobId(), coinbase1,
                job.coinbaseTxSuffix().toByteArray(), MerklePath.of(path), job.version(),
                job.versionRollingAllowed(), prevHash.prevHash().toLittleEndian(), prevHash.nbits(), ntime, clean,
                epoch, sequence, Target.fromNBits(prevHash.nbits()), extranonceSize, padding, prevHash.minNtime(),
                prevHashReceivedNanos);
        book = book.with(v1);
        return v1;
    }
}
