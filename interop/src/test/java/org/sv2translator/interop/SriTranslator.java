package org.sv2translator.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.sv2translator.testbed.peer.SriTranslatorConfig;
import org.sv2translator.testbed.peer.SriTranslatorProcess;

/**
 * SRI's {@code translator_sv2} as a child process: V1 miners in front, one SV2 pool (ours, in the tests) behind. The
 * config and the process are the testbed's {@link SriTranslatorConfig} and {@link SriTranslatorProcess}, which the
 * benchmark runs too. Built without the {@code monitoring} feature, it has no HTTP API: what it did
 * is read from its log (info level), one line per event the checks count.
 */
final class SriTranslator implements AutoCloseable {
    /** One line per share that passed its upstream channel's checks and was sent to the pool (channel_manager). */
    static final Pattern SHARE_FORWARDED = Pattern.compile("SubmitSharesExtended: valid share, forwarding it to upstream");
    /** One line per mining.submit that reached its SV1 server (any verdict). */
    static final Pattern SUBMIT_RECEIVED = Pattern.compile("Received mining.submit from SV1 downstream");
    /** One line per SubmitShares.Error from the pool. */
    static final Pattern SHARE_REFUSED_UPSTREAM = Pattern.compile("Received: SubmitSharesError");
    static final Pattern SET_TARGET_RECEIVED = Pattern.compile("Received: SetTarget");
    static final Pattern EXTENSIONS_NEGOTIATED = Pattern.compile("Extension negotiation success: supported=\\[2\\]");
    static final Pattern PREFIX_IGNORED = Pattern.compile("Cannot process SetExtranoncePrefix");

    /**
     * Settings the tests vary, each a key of translator_sv2 0.2.5's config (see {@link SriTranslatorConfig}).
     *
     * @param aggregate          {@code aggregate_channels}: one upstream extended channel for all miners, or one each
     * @param minMinerHashrate   {@code min_individual_miner_hashrate} (H/s): a new miner's difficulty, with
     * @param sharesPerMinute    {@code shares_per_minute}, the per-miner vardiff goal
     * @param vardiff            {@code enable_vardiff}
     * @param keepaliveSeconds   {@code job_keepalive_interval_secs}, 0 disables the keepalive notifies
     * @param extensions         {@code supported_extensions} and {@code required_extensions} both: translator_sv2
     *                           0.2.5 sends RequestExtensions only for required ones (see the findings)
     */
    record Settings(boolean aggregate, double minMinerHashrate, double sharesPerMinute, boolean vardiff,
                    int keepaliveSeconds, List<Integer> extensions) {
    }

    private final SriTranslatorProcess peer;
    /** The same child, seen through its log: what the checks count. */
    final SriProcess process;
    final InetSocketAddress address;
    final String userIdentity;

    private SriTranslator(SriTranslatorProcess peer, SriProcess process, InetSocketAddress address,
                          String userIdentity) {
        this.peer = peer;
        this.process = process;
        this.address = address;
        this.userIdentity = userIdentity;
    }

    /**
     * Writes the config into a new folder under {@code parent}, starts translator_sv2 against the pool at
     * {@code upstream} (pinning {@code authorityPublicKey}), and returns once it accepts V1 connections. The config
     * and the child process are the testbed's, shared with the benchmark.
     */
    static SriTranslator start(SriRoles sri, Path parent, String name, InetSocketAddress upstream,
                               String authorityPublicKey, String userIdentity, Settings settings)
            throws IOException, InterruptedException {
        Path dir = parent.resolve(name);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", SriProcess.freePort());
        SriTranslatorConfig config = new SriTranslatorConfig(address, upstream, authorityPublicKey, userIdentity,
                settings.aggregate(), settings.minMinerHashrate(), settings.sharesPerMinute(), settings.vardiff(),
                settings.keepaliveSeconds(), settings.extensions(), 4);
        SriTranslatorProcess peer = SriTranslatorProcess.start(sri.translator(), dir, config, List.of());
        SriTranslator translator = new SriTranslator(peer, SriProcess.adopt(name, dir, peer.process()), address,
                userIdentity);
        try {
            peer.awaitListening(SriProcess.START_TIMEOUT);
        } catch (IOException e) {
            translator.close();
            throw new AssertionError(e.getMessage(), e);
        } catch (InterruptedException e) {
            translator.close();
            throw e;
        }
        return translator;
    }

    long forwarded() {
        return process.count(SHARE_FORWARDED);
    }

    long submitsReceived() {
        return process.count(SUBMIT_RECEIVED);
    }

    long refusedUpstream() {
        return process.count(SHARE_REFUSED_UPSTREAM);
    }

    @Override
    public void close() throws InterruptedException {
        process.close(); // kills rather than terminates a paused process
        peer.close();
    }
}
