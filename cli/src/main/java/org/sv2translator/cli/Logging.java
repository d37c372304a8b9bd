package org.sv2translator.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The run command's logging: the output format, the start-up summary of the configuration, the final flush. */
final class Logging {
    private static final Logger log = LoggerFactory.getLogger("sv2-translator");

    private Logging() {
    }

    /**
     * {@code json}: every console appender writes one JSON object per line (logback's JsonEncoder): timestamp,
     * level, threadName, loggerName, message (the pattern), arguments, formattedMessage, throwable.
     */
    static void useFormat(String format) {
        if (!format.equals("json")) {
            return;
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Iterator<Appender<ILoggingEvent>> it = ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
                it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                JsonEncoder encoder = new JsonEncoder();
                encoder.setContext(ctx);
                // The message as a person reads it (formattedMessage); the pattern and its arguments are kept for
                // shippers that group by pattern. Logback's bookkeeping fields are left out.
                encoder.setWithFormattedMessage(true);
                encoder.setWithSequenceNumber(false);
                encoder.setWithNanoseconds(false);
                encoder.setWithContext(false);
                encoder.start();
                appender.stop();
                appender.setEncoder(encoder);
                appender.start();
            }
        }
    }

    /**
     * One line per option at start: its value and where it came from (flag, env, file, default), so an operator
     * can see what a container really runs with. Values of options whose name says secret, password or token are
     * masked.
     */
    static void effectiveConfiguration(CommandSpec spec, ConfigSources sources) {
        StringBuilder b = new StringBuilder("configuration:");
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            String name = o.longestName();
            Object value = o.getValue();
            boolean given = spec.commandLine().getParseResult().hasMatchedOption(o);
            String source = given ? "flag" : sources.sourceOf(o).name().toLowerCase(Locale.ROOT);
            String shown = value == null ? "(none)" : isSecret(name) ? "****" : String.valueOf(value);
            b.append("\n  ").append(name).append(" = ").append(shown).append("  [").append(source).append(']');
        }
        log.info(b.toString());
    }

    static boolean isSecret(String optionName) {
        String n = optionName.toLowerCase(Locale.ROOT);
        return n.contains("secret") || n.contains("password") || n.contains("token");
    }

    /** Writes out whatever the appenders still hold; the last thing before the process exits. */
    static void flush() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
