package org.sv2translator.core.upstream;

import org.sv2translator.core.job.V1Job;

/** What an {@link UpstreamChannel} tells its owner. Called on the upstream connection's event loop. */
public interface ChannelListener {
    /** The pool opened the channel (target, extranonce prefix and size are set); jobs follow. */
    void onOpened(UpstreamChannel channel);

    /** A job for the channel's miners (already in {@link UpstreamChannel#jobs()}). */
    void onJob(UpstreamChannel channel, V1Job job);

    /**
     * A SetExtranoncePrefix left fewer extranonce bytes than the miners use ({@code downstreamBytes} of the
     * channel). Return the downstream bytes to use from now on, at most {@code newExtranonceSize}, after moving the
     * miners onto that layout; or a negative number to give the channel up (it is then closed).
     */
    int onExtranonceShrunk(UpstreamChannel channel, int newExtranonceSize);

    /**
     * The channel is gone: refused, closed by the pool, or its connection lost. {@code reason} is for the
     * operator's log. Not called for a channel the owner closed itself.
     */
    void onClosed(UpstreamChannel channel, String reason);
}
