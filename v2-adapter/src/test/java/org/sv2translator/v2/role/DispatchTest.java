package org.sv2translator.v2.role;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sv2translator.v2.role.DispatchTest.Direction.BOTH;
import static org.sv2translator.v2.role.DispatchTest.Direction.CLIENT_TO_SERVER;
import static org.sv2translator.v2.role.DispatchTest.Direction.SERVER_TO_CLIENT;

import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.message.ChannelEndpointChanged;
import org.sv2translator.v2.message.CloseChannel;
import org.sv2translator.v2.message.CommonMessage;
import org.sv2translator.v2.message.ExtensionNegotiationMessage;
import org.sv2translator.v2.message.MessageCodec;
import org.sv2translator.v2.message.MessageType;
import org.sv2translator.v2.message.MiningMessage;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.OpenExtendedMiningChannelSuccess;
import org.sv2translator.v2.message.OpenMiningChannelError;
import org.sv2translator.v2.message.Reconnect;
import org.sv2translator.v2.message.Samples;
import org.sv2translator.v2.message.SetExtranoncePrefix;
import org.sv2translator.v2.message.SetGroupChannel;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.message.SetTarget;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.SubmitSharesError;
import org.sv2translator.v2.message.SubmitSharesSuccess;
import org.sv2translator.v2.message.TemplateDistributionMessage;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.UnknownMessage;
import org.sv2translator.v2.message.UpdateChannelError;
import org.sv2translator.v2.wire.Bytes;

class DispatchTest {

    enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT, BOTH }

    /**
     * Who sends what, copied from the spec's headings (3.6.x, 5.3.x, 7.x, extensions/0x0001 section 2). Both
     * SetNewPrevHash messages (5.3.17 and 7.3) go from server to client.
     */
    private static final Map<String, Direction> SPEC_DIRECTION = Map.ofEntries(
            entry("SetupConnection", CLIENT_TO_SERVER),
            entry("SetupConnection.Success", SERVER_TO_CLIENT),
            entry("SetupConnection.Error", SERVER_TO_CLIENT),
            entry("ChannelEndpointChanged", SERVER_TO_CLIENT),
            entry("Reconnect", SERVER_TO_CLIENT),
            entry("OpenStandardMiningChannel", CLIENT_TO_SERVER),
            entry("OpenStandardMiningChannel.Success", SERVER_TO_CLIENT),
            entry("OpenMiningChannel.Error", SERVER_TO_CLIENT),
            entry("OpenExtendedMiningChannel", CLIENT_TO_SERVER),
            entry("OpenExtendedMiningChannel.Success", SERVER_TO_CLIENT),
            entry("NewMiningJob", SERVER_TO_CLIENT),
            entry("UpdateChannel", CLIENT_TO_SERVER),
            entry("UpdateChannel.Error", SERVER_TO_CLIENT),
            entry("CloseChannel", BOTH),
            entry("SetExtranoncePrefix", SERVER_TO_CLIENT),
            entry("SubmitSharesStandard", CLIENT_TO_SERVER),
            entry("SubmitSharesExtended", CLIENT_TO_SERVER),
            entry("SubmitShares.Success", SERVER_TO_CLIENT),
            entry("SubmitShares.Error", SERVER_TO_CLIENT),
            entry("NewExtendedMiningJob", SERVER_TO_CLIENT),
            entry("SetNewPrevHash", SERVER_TO_CLIENT),
            entry("SetTarget", SERVER_TO_CLIENT),
            entry("SetCustomMiningJob", CLIENT_TO_SERVER),
            entry("SetCustomMiningJob.Success", SERVER_TO_CLIENT),
            entry("SetCustomMiningJob.Error", SERVER_TO_CLIENT),
            entry("SetGroupChannel", SERVER_TO_CLIENT),
            entry("CoinbaseOutputConstraints", CLIENT_TO_SERVER),
            entry("NewTemplate", SERVER_TO_CLIENT),
            entry("RequestTransactionData", CLIENT_TO_SERVER),
            entry("RequestTransactionData.Success", SERVER_TO_CLIENT),
            entry("RequestTransactionData.Error", SERVER_TO_CLIENT),
            entry("SubmitSolution", CLIENT_TO_SERVER),
            entry("RequestExtensions", CLIENT_TO_SERVER),
            entry("RequestExtensions.Success", SERVER_TO_CLIENT),
            entry("RequestExtensions.Error", SERVER_TO_CLIENT));

    /**
     * Messages a client may leave to {@code unexpected}: those answering a feature it opts into (spec 5.3.3, 5.3.15,
     * 5.3.19-20, extensions/0x0001). A handler implementing only the abstract methods sends these there.
     */
    private static final Set<String> CLIENT_OPTIONAL = Set.of("OpenStandardMiningChannel.Success",
            "NewMiningJob", "SetCustomMiningJob.Success", "SetCustomMiningJob.Error", "RequestExtensions.Success",
            "RequestExtensions.Error");
    private static final Set<String> SERVER_OPTIONAL = Set.of("SetCustomMiningJob", "RequestExtensions");
    /** A Template Distribution client only gets these if it asks (spec 7.5-7.6) or the server redirects it. */
    private static final Set<String> TDP_CLIENT_OPTIONAL = Set.of("RequestTransactionData.Success",
            "RequestTransactionData.Error", "Reconnect");
    /** Common messages that are part of a Template Distribution connection (ChannelEndpointChanged needs a channel). */
    private static final Set<String> TDP_COMMON = Set.of("SetupConnection", "SetupConnection.Success",
            "SetupConnection.Error", "Reconnect");

    private static final UnknownMessage UNKNOWN = new UnknownMessage(0x4002, true, 0x07, Bytes.fromHex("01000000ff"));

    @Test
    void theDirectionTableCoversEveryTypeTheCodecDecodes() {
        assertEquals(EnumSet.allOf(MessageType.class).stream().map(MessageType::specName).collect(Collectors.toSet()),
                SPEC_DIRECTION.keySet());
    }

    @Test
    void everyDecodedMessageReachesExactlyItsMethodOnTheReceivingRoleAndUnexpectedOnTheOther() {
        Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
        for (Sv2Message sample : Samples.all()) {
            Sv2Message decoded = MessageCodec.decodeFrame(
                    Unpooled.wrappedBuffer(MessageCodec.toFrameBytes(sample).toByteArray()));
            MessageType type = typeOf(decoded);
            seen.add(type);
            Direction direction = SPEC_DIRECTION.get(type.specName());
            String handlerMethod = "on" + decoded.getClass().getSimpleName();
            boolean mining = !(decoded instanceof TemplateDistributionMessage);
            boolean templateDistribution = decoded instanceof TemplateDistributionMessage
                    || TDP_COMMON.contains(type.specName());

            Recorder client = new Recorder();
            MiningClientDispatcher.dispatch(decoded, client.proxy(MiningClientHandler.class, false));
            client.assertOnly(mining && direction != CLIENT_TO_SERVER ? handlerMethod : "unexpected", decoded, type);

            Recorder server = new Recorder();
            MiningServerDispatcher.dispatch(decoded, server.proxy(MiningServerHandler.class, false));
            server.assertOnly(mining && direction != SERVER_TO_CLIENT ? handlerMethod : "unexpected", decoded, type);

            Recorder tdpClient = new Recorder();
            TemplateDistributionClientDispatcher.dispatch(decoded,
                    tdpClient.proxy(TemplateDistributionClientHandler.class, false));
            tdpClient.assertOnly(templateDistribution && direction != CLIENT_TO_SERVER ? handlerMethod : "unexpected",
                    decoded, type);

            Recorder tdpServer = new Recorder();
            TemplateDistributionServerDispatcher.dispatch(decoded,
                    tdpServer.proxy(TemplateDistributionServerHandler.class, false));
            tdpServer.assertOnly(templateDistribution && direction != SERVER_TO_CLIENT ? handlerMethod : "unexpected",
                    decoded, type);
        }
        assertEquals(EnumSet.allOf(MessageType.class), seen, "a sample of every type");
    }

    @Test
    void unknownMessagesReachTheirOwnMethodOnBothRoles() {
        Recorder client = new Recorder();
        MiningClientDispatcher.dispatch(UNKNOWN, client.proxy(MiningClientHandler.class, false));
        client.assertOnly("onUnknownMessage", UNKNOWN, "unknown");
        Recorder server = new Recorder();
        MiningServerDispatcher.dispatch(UNKNOWN, server.proxy(MiningServerHandler.class, false));
        server.assertOnly("onUnknownMessage", UNKNOWN, "unknown");
        Recorder tdpClient = new Recorder();
        TemplateDistributionClientDispatcher.dispatch(UNKNOWN,
                tdpClient.proxy(TemplateDistributionClientHandler.class, false));
        tdpClient.assertOnly("onUnknownMessage", UNKNOWN, "unknown");
        Recorder tdpServer = new Recorder();
        TemplateDistributionServerDispatcher.dispatch(UNKNOWN,
                tdpServer.proxy(TemplateDistributionServerHandler.class, false));
        tdpServer.assertOnly("onUnknownMessage", UNKNOWN, "unknown");
    }

    /** The defaults: a role implementing only the abstract methods gets optional and unknown messages as unexpected. */
    @Test
    void onlyOptionalFeaturesAndUnknownMessagesDefaultToUnexpected() {
        for (Sv2Message m : Samples.all()) {
            String type = typeOf(m).specName();
            String handlerMethod = "on" + m.getClass().getSimpleName();
            if (m instanceof TemplateDistributionMessage || TDP_COMMON.contains(type)) {
                if (SPEC_DIRECTION.get(type) != CLIENT_TO_SERVER) {
                    Recorder client = new Recorder();
                    TemplateDistributionClientDispatcher.dispatch(m,
                            client.proxy(TemplateDistributionClientHandler.class, true));
                    client.assertOnly(TDP_CLIENT_OPTIONAL.contains(type) ? "unexpected" : handlerMethod, m, type);
                }
                if (SPEC_DIRECTION.get(type) != SERVER_TO_CLIENT) {
                    Recorder server = new Recorder();
                    TemplateDistributionServerDispatcher.dispatch(m,
                            server.proxy(TemplateDistributionServerHandler.class, true));
                    server.assertOnly(handlerMethod, m, type);
                }
            }
            if (m instanceof TemplateDistributionMessage) {
                continue;
            }
            if (SPEC_DIRECTION.get(type) != CLIENT_TO_SERVER) {
                Recorder client = new Recorder();
                MiningClientDispatcher.dispatch(m, client.proxy(MiningClientHandler.class, true));
                client.assertOnly(CLIENT_OPTIONAL.contains(type) ? "unexpected" : handlerMethod, m, type);
            }
            if (SPEC_DIRECTION.get(type) != SERVER_TO_CLIENT) {
                Recorder server = new Recorder();
                MiningServerDispatcher.dispatch(m, server.proxy(MiningServerHandler.class, true));
                server.assertOnly(SERVER_OPTIONAL.contains(type) ? "unexpected" : handlerMethod, m, type);
            }
        }
        Recorder client = new Recorder();
        MiningClientDispatcher.dispatch(UNKNOWN, client.proxy(MiningClientHandler.class, true));
        client.assertOnly("unexpected", UNKNOWN, "unknown");
        Recorder server = new Recorder();
        MiningServerDispatcher.dispatch(UNKNOWN, server.proxy(MiningServerHandler.class, true));
        server.assertOnly("unexpected", UNKNOWN, "unknown");
        Recorder tdpClient = new Recorder();
        TemplateDistributionClientDispatcher.dispatch(UNKNOWN,
                tdpClient.proxy(TemplateDistributionClientHandler.class, true));
        tdpClient.assertOnly("unexpected", UNKNOWN, "unknown");
        Recorder tdpServer = new Recorder();
        TemplateDistributionServerDispatcher.dispatch(UNKNOWN,
                tdpServer.proxy(TemplateDistributionServerHandler.class, true));
        tdpServer.assertOnly("unexpected", UNKNOWN, "unknown");
    }

    /** The share path: acknowledgements and jobs are dispatched without allocating. */
    @Test
    void dispatchingSharesAndJobsAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Sv2Message success = new SubmitSharesSuccess(1, 12, 10, 100);
        Sv2Message job = new NewExtendedMiningJob(1, 9, OptionalInt.empty(), 0x20000000, true, List.of(),
                Bytes.fromHex("aa"), Bytes.fromHex("bb"));
        CountingClient counter = new CountingClient();
        int rounds = 200_000;
        for (int i = 0; i < rounds; i++) { // warm up: class loading and compilation allocate on their own
            MiningClientDispatcher.dispatch(success, counter);
            MiningClientDispatcher.dispatch(job, counter);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            MiningClientDispatcher.dispatch(success, counter);
            MiningClientDispatcher.dispatch(job, counter);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(2L * rounds, counter.successes);
        assertEquals(2L * rounds, counter.jobs);
        // One object per dispatch would be >= 6 MB; the slack is for the measuring itself.
        assertTrue(allocated < 16_384, allocated + " bytes allocated by " + 2 * rounds + " dispatches");
    }

    private static MessageType typeOf(Sv2Message m) {
        if (m instanceof CommonMessage c) {
            return c.type();
        }
        if (m instanceof MiningMessage x) {
            return x.type();
        }
        if (m instanceof TemplateDistributionMessage t) {
            return t.type();
        }
        return ((ExtensionNegotiationMessage) m).type();
    }

    /** Records every handler call: a proxy, so the names recorded are the methods really called. */
    private static final class Recorder {
        private final List<String> calls = new ArrayList<>();
        private final List<Object> arguments = new ArrayList<>();

        /** With {@code runDefaults}, default methods run their own body (which then calls {@code unexpected}). */
        <H> H proxy(Class<H> role, boolean runDefaults) {
            InvocationHandler h = (proxy, method, args) -> {
                if (runDefaults && method.isDefault()) {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                calls.add(method.getName());
                arguments.add(args[0]);
                return null;
            };
            return role.cast(Proxy.newProxyInstance(role.getClassLoader(), new Class<?>[] {role}, h));
        }

        void assertOnly(String method, Sv2Message message, Object what) {
            assertEquals(List.of(method), calls, what + ": methods called");
            assertSame(message, arguments.get(0), what + ": the message handed over");
        }
    }

    /** A client counting what the share path brings; every other message is a failure here. */
    private static final class CountingClient implements MiningClientHandler {
        long successes;
        long jobs;

        @Override
        public void onSubmitSharesSuccess(SubmitSharesSuccess m) {
            successes++;
        }

        @Override
        public void onNewExtendedMiningJob(NewExtendedMiningJob m) {
            jobs++;
        }

        @Override
        public void unexpected(Sv2Message message) {
            throw new AssertionError(message);
        }

        @Override
        public void onSetupConnectionSuccess(SetupConnectionSuccess m) {
            unexpected(m);
        }

        @Override
        public void onSetupConnectionError(SetupConnectionError m) {
            unexpected(m);
        }

        @Override
        public void onChannelEndpointChanged(ChannelEndpointChanged m) {
            unexpected(m);
        }

        @Override
        public void onReconnect(Reconnect m) {
            unexpected(m);
        }

        @Override
        public void onOpenExtendedMiningChannelSuccess(OpenExtendedMiningChannelSuccess m) {
            unexpected(m);
        }

        @Override
        public void onOpenMiningChannelError(OpenMiningChannelError m) {
            unexpected(m);
        }

        @Override
        public void onUpdateChannelError(UpdateChannelError m) {
            unexpected(m);
        }

        @Override
        public void onCloseChannel(CloseChannel m) {
            unexpected(m);
        }

        @Override
        public void onSetExtranoncePrefix(SetExtranoncePrefix m) {
            unexpected(m);
        }

        @Override
        public void onSubmitSharesError(SubmitSharesError m) {
            unexpected(m);
        }

        @Override
        public void onSetNewPrevHash(SetNewPrevHash m) {
            unexpected(m);
        }

        @Override
        public void onSetTarget(SetTarget m) {
            unexpected(m);
        }

        @Override
        public void onSetGroupChannel(SetGroupChannel m) {
            unexpected(m);
        }
    }
}
