package org.sv2translator.cli;

import java.net.InetSocketAddress;

/** The one line an operator gets when a port cannot be bound: which option, which address, and why. */
final class ListenError {
    private ListenError() {
    }

    static String describe(String option, InetSocketAddress address, Throwable failure) {
        return "error: " + option + " " + address.getHostString() + ":" + address.getPort() + ": cannot listen: "
                + reason(failure);
    }

    /** The innermost message, without the native transport's "bind(..) failed: " in front. */
    static String reason(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceFirst("^bind\\(\\.\\.\\) failed: ", "");
    }
}
