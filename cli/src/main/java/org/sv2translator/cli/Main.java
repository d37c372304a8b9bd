package org.sv2translator.cli;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code java -jar sv2-translator.jar <command>}: the translator and its testbed tools. */
@Command(name = "sv2-translator", mixinStandardHelpOptions = true, version = "sv2-translator 0.1.0",
        description = "Stratum V1 -> Stratum V2 translating mining proxy.",
        subcommands = {RunCommand.class, DemoCommand.class, PoolCommand.class, TpCommand.class, SwarmCommand.class,
            KeysCommand.class, HealthCommand.class, BenchCommand.class, LoadCommand.class, FloorCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        CommandLine cl = commandLine();
        if (args.length > 0 && args[0].equals("run")) {
            try {
                configureRun(cl.getSubcommands().get("run"), ConfigSources.load(args, System.getenv()));
            } catch (ConfigSources.ConfigException e) {
                System.err.println("error: " + e.getMessage());
                System.exit(2);
            }
        }
        System.exit(cl.execute(args));
    }

    /**
     * {@code run} takes its options from flags, SV2T_ variables and a config file, in that order. A bad value from
     * a variable or the file is reported with where it came from, so the operator knows what to fix.
     */
    static void configureRun(CommandLine run, ConfigSources sources) {
        sources.checkKnown(run.getCommandSpec());
        run.setDefaultValueProvider(sources);
        ((RunCommand) run.getCommand()).sources = sources;
        // Picocli hands parse errors to the handler of the command line that executes: the root.
        CommandLine root = run.getParent() == null ? run : run.getParent();
        CommandLine.IParameterExceptionHandler standard = root.getParameterExceptionHandler();
        root.setParameterExceptionHandler((ex, args) -> {
            OptionSpec o = ex.getCommandLine() == run ? optionInError(run.getCommandSpec(), ex) : null;
            if (o != null && sources.sourceOf(o) != ConfigSources.Source.DEFAULT && !given(o, args)) {
                ex = new CommandLine.ParameterException(ex.getCommandLine(),
                        ex.getMessage() + " (from " + sources.describe(o) + ")", ex, o, ex.getValue());
            }
            return standard.handleParseException(ex, args);
        });
    }

    private static boolean given(OptionSpec option, String[] args) {
        for (String arg : args) {
            if (Arrays.asList(option.names()).contains(arg.split("=", 2)[0])) {
                return true;
            }
        }
        return false;
    }

    /** The option a parse error is about: picocli names it in the message when a default fails to convert. */
    private static OptionSpec optionInError(CommandSpec spec, CommandLine.ParameterException ex) {
        if (ex.getArgSpec() instanceof OptionSpec o) {
            return o;
        }
        Matcher m = Pattern.compile("option '(--[a-z0-9-]+)'").matcher(String.valueOf(ex.getMessage()));
        return m.find() ? spec.findOption(m.group(1)) : null;
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).registerConverter(java.net.InetSocketAddress.class, new HostPort());
    }
}
