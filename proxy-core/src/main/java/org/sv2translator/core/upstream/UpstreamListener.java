package org.sv2translator.core.upstream;

import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.job.V1Job;

/** What the upstream connection tells the translator. Called on the upstream connection's event loop. */
public interface UpstreamListener {
    /** The extended channel is open; jobs follow. */
    void onChannelOpened(int extranonceSize, byte[] extranoncePrefix, Target target);

    /** A job for miners (already in {@link UpstreamConnection#jobs()}). */
    void onJob(V1Job job);

    /** The pool set a new channel target. */
    default void onTarget(Target target) {
    }

    /** The connection is gone (or could not be set up); {@code reason} is for the operator's log. */
    void onClosed(String reason);
}
