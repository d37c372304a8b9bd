package org.sv2translator.v2.message;

/**
 * A message sent with the {@code channel_msg} bit: its payload starts with the U32 {@code channel_id} it is for,
 * which is what a proxy routes (and, for unknown extensions, rewrites) by (spec 3.2, 3.4.1).
 */
public interface ChannelMessage {
    int channelId();
}
