package org.sv2translator.v1;

/**
 * The checks a submit must pass before the backend sees it, in the order pools apply them: subscribed (25),
 * worker authorized here (24), extranonce2 of the session's size and, for a miner that negotiated version rolling,
 * version bits inside its mask (20).
 */
final class V1SubmitCheck {
    static final V1Error WRONG_EXTRANONCE2_SIZE = V1Error.other("Invalid extranonce2 size");
    static final V1Error VERSION_BITS_OUTSIDE_MASK = V1Error.other("Invalid version bits: outside the negotiated mask");

    private V1SubmitCheck() {
    }

    static V1Response answer(V1Session session, V1Backend backend, V1Request.Submit submit) {
        V1Error error = check(session, submit);
        if (error == null) {
            ShareVerdict verdict = backend.onSubmit(session, submit);
            error = verdict.error();
        }
        return error == null ? V1Response.ok(submit.id(), true) : V1Response.error(submit.id(), error);
    }

    static V1Error check(V1Session session, V1Request.Submit submit) {
        if (!session.isSubscribed()) {
            return V1Error.NOT_SUBSCRIBED;
        }
        if (!session.isAuthorized(submit.workerName())) {
            return V1Error.UNAUTHORIZED;
        }
        if (submit.extranonce2().length != session.extranonce2Size()) {
            return WRONG_EXTRANONCE2_SIZE;
        }
        // BIP310: version_bits & ~mask == 0, for the masks this session was given: the configured one and the one in
        // force. Either, since a share found before a mining.set_version_mask arrives after it, and only the
        // backend knows which job had which mask. A miner that never negotiated version rolling but sends bits
        // anyway (Antminer S21 firmware has been reported doing so) is the backend's to judge: it knows whether
        // the job allows rolling, and such firmware rolls BIP320's bits.
        if (submit.hasVersionBits() && session.isVersionRolling()
                && (submit.versionBits() & ~(session.configuredVersionMask() | session.versionMask())) != 0) {
            return VERSION_BITS_OUTSIDE_MASK;
        }
        return null;
    }
}
