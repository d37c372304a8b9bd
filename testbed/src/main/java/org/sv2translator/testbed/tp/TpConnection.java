package org.sv2translator.testbed.tp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.v2.message.CoinbaseOutputConstraints;
import org.sv2translator.v2.message.RequestTransactionData;
import org.sv2translator.v2.message.RequestTransactionDataError;
import org.sv2translator.v2.message.RequestTransactionDataSuccess;
import org.sv2translator.v2.message.SetupConnection;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.SubmitSolution;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.TemplateDistributionSetNewPrevHash;
import org.sv2translator.v2.role.TemplateDistributionServerDispatcher;
import org.sv2translator.v2.role.TemplateDistributionServerHandler;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

/**
 * The Template Provider's side of one Template Distribution connection (spec 7), after the Noise handshake if any:
 * SetupConnection for protocol 2, then templates built for this client's CoinbaseOutputConstraints, its
 * RequestTransactionData and SubmitSolution. Everything runs on the connection's event loop; the provider hands
 * new tips over with {@code eventLoop().execute}. Each message reaches its method through
 * {@link TemplateDistributionServerDispatcher}.
 */
final class TpConnection extends SimpleChannelInboundHandler<Sv2Message> implements TemplateDistributionServerHandler {
    private static final Logger log = LoggerFactory.getLogger(TpConnection.class);
    /** Templates remembered for RequestTransactionData and SubmitSolution; older ones are forgotten. */
    static final int REMEMBERED_TEMPLATES = 32;
    /**
     * RequestTransactionData.Success's excess_data: the witness reserved value the template's commitment was computed
     * with (spec 7.5 calls it "usually the SegWit commitment"; clients must not interpret it).
     */
    private static final Bytes EXCESS_DATA = Bytes.of(TemplateBuilder.WITNESS_RESERVED_VALUE);

    private final TemplateProvider provider;
    private final EventExecutor executor;
    private final Map<Long, ProvidedTemplate> templates = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ProvidedTemplate> eldest) {
            return size() > REMEMBERED_TEMPLATES;
        }
    };
    private ChannelHandlerContext ctx;
    private boolean setUp;
    /** Null until the client sent CoinbaseOutputConstraints: no template before that (spec 7). */
    private CoinbaseOutputConstraints constraints;
    /** The tip this client was last told about with SetNewPrevHash. */
    private ChainTip announcedTip;
    private int announcedTimestamp;

    TpConnection(TemplateProvider provider, EventExecutor executor) {
        this.provider = provider;
        this.executor = executor;
    }

    /** The connection's event loop, where everything of this connection runs. */
    EventExecutor executor() {
        return executor;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        provider.connectionClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("tp: closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Sv2Message msg) {
        if (!setUp && !(msg instanceof SetupConnection)) {
            log.warn("tp: {} sent {} before SetupConnection; closing", ctx.channel().remoteAddress(), msg);
            ctx.close();
            return;
        }
        TemplateDistributionServerDispatcher.dispatch(msg, this);
    }

    /** Mining or extension messages, wrong-direction and unknown ones: a Template Provider has no use for them. */
    @Override
    public void unexpected(Sv2Message message) {
        log.info("tp: ignoring {} from {}", message, ctx.channel().remoteAddress());
    }

    @Override
    public void onSetupConnection(SetupConnection m) {
        String error = null;
        if (setUp) {
            error = "connection-already-set-up";
        } else if (m.protocol() != SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION) {
            error = "unsupported-protocol";
        } else if (m.minVersion() > 2 || m.maxVersion() < 2) {
            error = "protocol-version-mismatch";
        }
        if (error != null) {
            // flags 0: the refusal is not about feature flags (spec 3.6.3); spec 7 defines none.
            ctx.writeAndFlush(new SetupConnectionError(0, error));
            ctx.close();
            return;
        }
        setUp = true;
        log.info("tp: {} set up (vendor \"{}\", hardware \"{}\", firmware \"{}\", flags {})",
                ctx.channel().remoteAddress(), m.vendor(), m.hardwareVersion(), m.firmware(),
                Integer.toBinaryString(m.flags()));
        ctx.writeAndFlush(new SetupConnectionSuccess(2, 0));
    }

    /**
     * The first one is answered with the best template at once (spec 7: a future template, then the SetNewPrevHash
     * that makes it current); a later one changes the reservation, so a fresh template follows under it.
     */
    @Override
    public void onCoinbaseOutputConstraints(CoinbaseOutputConstraints m) {
        boolean first = constraints == null;
        constraints = m;
        log.info("tp: {} adds up to {} bytes and {} sigops of coinbase outputs: {} WU reserved",
                ctx.channel().remoteAddress(), Integer.toUnsignedString(m.maxAdditionalSize()),
                m.maxAdditionalSigops(), TemplateBuilder.reservedWeight(m));
        ChainTip tip = provider.currentTip();
        if (first || announcedTip == null || announcedTip.tipId() != tip.tipId()) {
            announceBlock(tip);
        } else {
            sendTemplate(tip, false);
        }
    }

    @Override
    public void onRequestTransactionData(RequestTransactionData m) {
        ProvidedTemplate t = templates.get(m.templateId());
        if (t == null) {
            ctx.writeAndFlush(new RequestTransactionDataError(m.templateId(),
                    RequestTransactionDataError.TEMPLATE_ID_NOT_FOUND));
            return;
        }
        if (t.tip().tipId() != provider.currentTip().tipId()) {
            ctx.writeAndFlush(new RequestTransactionDataError(m.templateId(),
                    RequestTransactionDataError.STALE_TEMPLATE_ID));
            return;
        }
        List<Bytes> transactions = new ArrayList<>(t.transactions().size());
        for (MempoolTransaction tx : t.transactions()) {
            transactions.add(Bytes.of(tx.rawUnsafe()));
        }
        ctx.writeAndFlush(new RequestTransactionDataSuccess(m.templateId(), EXCESS_DATA, transactions));
    }

    @Override
    public void onSubmitSolution(SubmitSolution m) {
        ProvidedTemplate t = templates.get(m.templateId());
        if (t == null) {
            provider.solutionChecked(new SolutionCheck.Verdict(
                    new SubmittedSolution(m.templateId(), false, "unknown-template-id", null, 0), null), this);
            return;
        }
        int timestamp = announcedTip != null && announcedTip.tipId() == t.tip().tipId()
                ? announcedTimestamp : t.tip().headerTimestamp();
        provider.solutionChecked(SolutionCheck.check(t, m, provider.currentTip(), timestamp,
                System.currentTimeMillis() / 1000), this);
    }

    /** A new best block: a future template on it, then SetNewPrevHash naming that template (spec 7.3). */
    void announceBlock(ChainTip tip) {
        if (constraints == null) {
            return; // not asked for templates yet
        }
        ProvidedTemplate future = sendTemplate(tip, true);
        if (future == null) {
            return;
        }
        announcedTip = tip;
        announcedTimestamp = tip.headerTimestamp();
        ctx.writeAndFlush(new TemplateDistributionSetNewPrevHash(future.id(), U256.fromLittleEndian(tip.prevHash()),
                tip.headerTimestamp(), tip.nbits(), U256.fromLittleEndian(tip.target().toLittleEndian())));
    }

    /** The mempool grew on the same block: an active template (future_template false) with the new fees. */
    void updateTemplate(ChainTip tip) {
        if (constraints == null || announcedTip == null) {
            return;
        }
        if (announcedTip.tipId() != tip.tipId()) {
            announceBlock(tip);
            return;
        }
        sendTemplate(tip, false);
    }

    private ProvidedTemplate sendTemplate(ChainTip tip, boolean future) {
        ProvidedTemplate t = TemplateBuilder.build(tip, constraints, provider.nextTemplateId(), future);
        if (t == null) {
            log.warn("tp: {} reserves more than a block holds ({}); closing", ctx.channel().remoteAddress(),
                    constraints);
            ctx.close();
            return null;
        }
        templates.put(t.id(), t);
        ctx.writeAndFlush(t.message());
        provider.templateSent();
        return t;
    }

    void close() {
        ctx.close();
    }
}
