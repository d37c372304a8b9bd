package org.sv2translator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sv2translator.core.ChannelMode;
import org.sv2translator.core.TranslatorConfig;
import org.sv2translator.v2.noise.NoiseKeys;
import picocli.CommandLine;

class ConfigSourcesTest {
    private static final String KEY = NoiseKeys.generateAuthorityKeyPair().publicKey();
    private static final String KEY_B = NoiseKeys.generateAuthorityKeyPair().publicKey();

    @TempDir
    Path dir;

    /** Parses {@code run} as Main does, with these variables and config file; returns the command. */
    private static RunCommand run(Map<String, String> env, Path file, String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine run = cl.getSubcommands().get("run");
        Main.configureRun(run, new ConfigSources(env, file == null ? Map.of() : ConfigSources.readFile(file),
                file == null ? null : file.toString()));
        String[] all = Stream.concat(Stream.of("run"), Stream.of(args)).toArray(String[]::new);
        cl.parseArgs(all);
        return run.getCommand();
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = write("c.yaml", "upstream: pool.example:34254@" + KEY + "\n"
                + "user-identity: from-file\nshares-per-minute: 20\ninitial-difficulty: 5\nmin-difficulty: 0.5\n");
        Map<String, String> env = Map.of("SV2T_SHARES_PER_MINUTE", "30", "SV2T_INITIAL_DIFFICULTY", "6");
        RunCommand cmd = run(env, file, "--initial-difficulty", "7");
        TranslatorConfig c = cmd.config();
        assertEquals(7, c.initialDifficulty(), "flag over env and file");
        assertEquals(30, c.sharesPerMinute(), "env over file");
        assertEquals(0.5, c.minDifficulty(), "file over default");
        assertEquals("from-file", c.userIdentity());
        assertEquals(4, c.extranonce2Size(), "default when nobody says");
        assertEquals(ConfigSources.Source.ENV,
                cmd.sources.sourceOf(cmd.spec.findOption("--shares-per-minute")));
        assertEquals(ConfigSources.Source.FILE, cmd.sources.sourceOf(cmd.spec.findOption("--min-difficulty")));
        assertEquals(ConfigSources.Source.DEFAULT, cmd.sources.sourceOf(cmd.spec.findOption("--extranonce2-size")));
    }

    @Test
    void severalPoolsFromTheEnvironmentOrAFileList() throws Exception {
        RunCommand fromEnv = run(Map.of("SV2T_UPSTREAM", "a.example:1@" + KEY + ",b.example:2@" + KEY_B,
                "SV2T_USER_IDENTITY", "acct"), null);
        assertEquals(List.of("a.example:1", "b.example:2"),
                fromEnv.config().upstream().pools().stream().map(Object::toString).toList());
        Path toml = write("c.toml", "upstream = [\"a.example:1@" + KEY + "\", \"b.example:2@" + KEY_B + "\"]\n"
                + "user_identity = \"acct\"\nmode = \"per-miner\"\nworker_tracking = true\n");
        TranslatorConfig c = run(Map.of(), toml).config();
        assertEquals(2, c.upstream().pools().size());
        assertEquals(ChannelMode.PER_MINER, c.mode());
        assertTrue(c.upstream().workerTracking(), "a boolean flag from the file");
    }

    @Test
    void typosInAFileOrAVariableAreRefusedByName() throws Exception {
        Path file = write("c.yaml", "upstream: a.example:1@" + KEY + "\nuser-identiy: typo\n");
        var e = assertThrows(ConfigSources.ConfigException.class, () -> run(Map.of(), file));
        assertTrue(e.getMessage().contains("unknown option 'user-identiy'"), e.getMessage());
        e = assertThrows(ConfigSources.ConfigException.class, () -> run(Map.of("SV2T_SHARES_PER_MINUTES", "1"), null));
        assertTrue(e.getMessage().contains("SV2T_SHARES_PER_MINUTES"), e.getMessage());
        e = assertThrows(ConfigSources.ConfigException.class, () -> ConfigSources.readFile(write("c.ini", "x=1")));
        assertTrue(e.getMessage().contains("YAML") && e.getMessage().contains("TOML"), e.getMessage());
        e = assertThrows(ConfigSources.ConfigException.class,
                () -> ConfigSources.readFile(write("bad.yaml", "upstream: [a\n  b: {")));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.yaml").toString()), e.getMessage());
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheOptionAndTheVariable() {
        CommandLine cl = Main.commandLine();
        Main.configureRun(cl.getSubcommands().get("run"),
                new ConfigSources(Map.of("SV2T_SHARES_PER_MINUTE", "lots"), Map.of(), null));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int status = cl.execute("run", "--upstream", "a.example:1@" + KEY, "--user-identity", "x");
        assertEquals(2, status);
        assertTrue(err.toString().contains("--shares-per-minute") && err.toString().contains("SV2T_SHARES_PER_MINUTE"),
                err.toString());
    }

    @Test
    void outOfRangeValuesAreRefusedAtStartNamingTheOption() {
        var e = assertThrows(IllegalArgumentException.class, () -> run(Map.of("SV2T_EXTRANONCE2_SIZE", "12"), null,
                "--upstream", "a.example:1@" + KEY, "--user-identity", "x").config());
        assertTrue(e.getMessage().startsWith("--extranonce2-size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run(Map.of(), null,
                "--upstream", "a.example:1@" + KEY, "--user-identity", "x", "--shares-per-minute", "0").config());
        assertTrue(e.getMessage().startsWith("--shares-per-minute"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run(Map.of(), null, "--user-identity", "x").config());
        assertTrue(e.getMessage().contains("--upstream is required"), e.getMessage());
    }

    @Test
    void theConfigFileIsFoundInTheArgumentsOrTheEnvironment() {
        assertEquals("f.yaml", ConfigSources.configPath(new String[] {"run", "--config", "f.yaml"}, Map.of()));
        assertEquals("g.toml", ConfigSources.configPath(new String[] {"run", "--config=g.toml"}, Map.of()));
        assertEquals("h.yaml", ConfigSources.configPath(new String[] {"run"}, Map.of("SV2T_CONFIG", "h.yaml")));
        assertEquals("SV2T_USER_IDENTITY", ConfigSources.envName("--user-identity"));
    }

    /** The files in config/ are the operator's starting points: every one must load into a valid configuration. */
    @Test
    void everyExampleConfigLoads() throws Exception {
        Path examples = Path.of("..", "config");
        List<Path> files;
        try (Stream<Path> s = Files.list(examples)) {
            files = s.filter(p -> p.toString().matches(".*\\.(yaml|yml|toml)")).sorted().toList();
        }
        assertEquals(4, files.size(), "hosted pool, local testbed, per-miner, failover: " + files);
        Map<String, TranslatorConfig> loaded = new HashMap<>();
        for (Path f : files) {
            loaded.put(f.getFileName().toString(), run(Map.of(), f).config());
        }
        assertEquals(ChannelMode.PER_MINER, loaded.get("per-miner.yaml").mode());
        assertEquals(2, loaded.get("failover.yaml").upstream().pools().size());
        assertNotEquals(loaded.get("failover.yaml").upstream().pools().get(0).toString(),
                loaded.get("failover.yaml").upstream().pools().get(1).toString());
        assertEquals("127.0.0.1", loaded.get("local-testbed.toml").listen().getHostString());
    }
}
