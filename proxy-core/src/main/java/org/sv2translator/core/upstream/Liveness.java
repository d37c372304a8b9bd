package org.sv2translator.core.upstream;

import java.time.Duration;

/**
 * How a pool that stopped talking (sockets open, nothing flowing: a dead relay, a hung pool process, a black-holed
 * route) is noticed and left. Each check ends the connection with a log line naming it, and the supervisor moves
 * on as after any loss. Zero turns a check off.
 *
 * @param verdictTimeout  a share sent and no verdict (SubmitShares.Success/Error) for it within this long: the
 *                        pool is not judging our shares. Checked every second.
 * @param idleTimeout     nothing at all from the pool (no job, no verdict, no message) for this long
 * @param tcpUserTimeout  TCP level, for a peer that stopped acknowledging: SO_KEEPALIVE with probes starting after
 *                        half of it, and, on the epoll transport, TCP_USER_TIMEOUT (data unacknowledged this long
 *                        ends the connection). Whole seconds.
 */
public record Liveness(Duration verdictTimeout, Duration idleTimeout, Duration tcpUserTimeout) {
    /** 30 s for verdicts, 120 s without any message, 30 s unacknowledged at the TCP level. */
    public static final Liveness DEFAULT = new Liveness(Duration.ofSeconds(30), Duration.ofSeconds(120),
            Duration.ofSeconds(30));

    public Liveness {
        if (verdictTimeout.isNegative() || idleTimeout.isNegative() || tcpUserTimeout.isNegative()) {
            throw new IllegalArgumentException("liveness timeouts must not be negative");
        }
    }
}
