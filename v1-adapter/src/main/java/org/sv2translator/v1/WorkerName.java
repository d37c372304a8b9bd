package org.sv2translator.v1;

/**
 * The rules a worker name must follow to be authorized; checked by the server before the {@link V1Backend} is asked.
 * A name that breaks one is answered with error 20 naming the rule (one of the constants below) and charged to the
 * connection's error budget: it is the miner's configuration, not ours.
 *
 * <ul>
 *   <li>not empty and not only spaces;</li>
 *   <li>at most {@value #MAX_BYTES} bytes of UTF-8: the most an SV2 {@code user_identity} (STR0_255) carries upstream,
 *       where the name may end up (per-miner channels, the worker-tracking extension);</li>
 *   <li>no control character: C0 (including {@code \n}, {@code \r}, {@code \t}), DEL, C1 (including NEL U+0085);</li>
 *   <li>no line or paragraph separator (U+2028, U+2029): some log viewers break lines on them;</li>
 *   <li>no format character (Unicode category Cf: bidi overrides such as U+202E, zero-width characters, BOM): they
 *       make a name display as another one, in logs and on dashboards;</li>
 *   <li>no unpaired surrogate (a JSON {@code \}{@code ud800} escape alone): not a character, not encodable as UTF-8.</li>
 * </ul>
 * Everything else is allowed: pools use {@code account.worker}, but farms name workers in their own language, with
 * spaces ({@code "rack 3.s19 12"}) or emoji, and there is no reason to refuse them. The rules only keep out what can
 * corrupt a log line, a display or the upstream encoding; logs escape the rest anyway ({@link MinerText}).
 */
public final class WorkerName {
    /** Longest worker name in bytes of UTF-8. */
    public static final int MAX_BYTES = 255;

    public static final V1Error EMPTY = V1Error.other("Invalid worker name: empty");
    public static final V1Error TOO_LONG = V1Error.other("Invalid worker name: longer than " + MAX_BYTES + " bytes of UTF-8");
    public static final V1Error CONTROL_CHARACTER = V1Error.other("Invalid worker name: contains a control character");
    public static final V1Error LINE_SEPARATOR = V1Error.other("Invalid worker name: contains a line or paragraph separator");
    public static final V1Error FORMAT_CHARACTER = V1Error.other(
            "Invalid worker name: contains an invisible format character (e.g. a bidirectional override)");
    public static final V1Error UNPAIRED_SURROGATE = V1Error.other("Invalid worker name: contains an unpaired surrogate");

    private WorkerName() {
    }

    /**
     * @return null when {@code name} may be authorized, else the error naming the first rule it breaks (length is
     *         checked before content, so a long name full of junk is told it is too long)
     */
    public static V1Error check(String name) {
        if (MinerText.utf8Length(name) > MAX_BYTES) {
            return TOO_LONG;
        }
        boolean blank = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            switch (Character.getType(cp)) {
                case Character.CONTROL -> {
                    return CONTROL_CHARACTER;
                }
                case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                    return LINE_SEPARATOR;
                }
                case Character.FORMAT -> {
                    return FORMAT_CHARACTER;
                }
                case Character.SURROGATE -> {
                    return UNPAIRED_SURROGATE;
                }
                case Character.SPACE_SEPARATOR -> { }
                default -> blank = false;
            }
        }
        return blank ? EMPTY : null;
    }

    /** Whether {@code error} is one of this class's refusals. */
    static boolean isRefusal(V1Error error) {
        return error == EMPTY || error == TOO_LONG || error == CONTROL_CHARACTER || error == LINE_SEPARATOR
                || error == FORMAT_CHARACTER || error == UNPAIRED_SURROGATE;
    }
}
