package org.sv2translator.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar sv2-translator.jar <command>}: the translator and its testbed tools. */
@Command(name = "sv2-translator", mixinStandardHelpOptions = true, version = "sv2-translator 0.1.0",
        description = "Stratum V1 -> Stratum V2 translating mining proxy.",
        subcommands = {RunCommand.class, DemoCommand.class, PoolCommand.class, SwarmCommand.class, KeysCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).registerConverter(java.net.InetSocketAddress.class, new HostPort());
    }
}
