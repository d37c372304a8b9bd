package org.sv2translator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option's value comes from when it is not on the command line: an environment variable
 * ({@code --user-identity} → {@code SV2T_USER_IDENTITY}), then the {@code --config} file (key {@code user-identity}
 * or {@code user_identity}), then the option's default. So the precedence is flag &gt; env &gt; file &gt; default.
 * Lists (several {@code --upstream}) are comma-separated in the environment and arrays in the file.
 */
final class ConfigSources implements IDefaultValueProvider {
    static final String ENV_PREFIX = "SV2T_";
    static final String CONFIG_OPTION = "--config";

    /** Where a value came from, for the start-up summary. */
    enum Source { FLAG, ENV, FILE, DEFAULT }

    private final Map<String, String> env;
    private final Map<String, String> file; // option name without dashes -> value
    private final String fileName;

    ConfigSources(Map<String, String> env, Map<String, String> file, String fileName) {
        this.env = env;
        this.file = file;
        this.fileName = fileName;
    }

    /** Environment and the config file named by {@code --config} in {@code args} (or by SV2T_CONFIG). */
    static ConfigSources load(String[] args, Map<String, String> env) {
        String path = configPath(args, env);
        if (path == null) {
            return new ConfigSources(env, Map.of(), null);
        }
        return new ConfigSources(env, readFile(Path.of(path)), path);
    }

    /**
     * The file has to be known before picocli asks for defaults, so {@code --config} is looked up in the raw
     * arguments; the option is also declared on the command, for help and for the summary.
     */
    static String configPath(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(CONFIG_OPTION + "=")) {
                return args[i].substring(CONFIG_OPTION.length() + 1);
            }
        }
        return env.get(envName(CONFIG_OPTION));
    }

    /** A YAML ({@code .yaml}, {@code .yml}) or TOML ({@code .toml}) file of {@code option: value} pairs. */
    static Map<String, String> readFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper;
        if (name.endsWith(".toml")) {
            mapper = new TomlMapper();
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            mapper = new YAMLMapper();
        } else {
            throw new ConfigException(path + ": config files are YAML (.yaml, .yml) or TOML (.toml)");
        }
        JsonNode root;
        try {
            root = mapper.readTree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new ConfigException(path + ": " + firstLine(e.getMessage()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values; // an empty file
        }
        if (!root.isObject()) {
            throw new ConfigException(path + ": expected option: value pairs at the top level");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().replace('_', '-');
            JsonNode v = e.getValue();
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(scalar(path, key, item)));
                values.put(key, String.join(",", items));
            } else {
                values.put(key, scalar(path, key, v));
            }
        }
        return values;
    }

    private static String scalar(Path path, String key, JsonNode v) {
        if (v.isContainerNode()) {
            throw new ConfigException(path + ": '" + key + "' must be a value or a list of values");
        }
        return v.asText();
    }

    /** Fails on keys that name no option, so a typo in a file or a SV2T_ variable is not silently ignored. */
    void checkKnown(CommandSpec spec) {
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            for (String name : o.names()) {
                known.add(bare(name));
            }
        }
        for (String key : file.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException(fileName + ": unknown option '" + key + "' (options: " + known + ")");
            }
        }
        Set<String> knownEnv = new TreeSet<>();
        known.forEach(k -> knownEnv.add(envName("--" + k)));
        for (String name : env.keySet()) {
            if (name.startsWith(ENV_PREFIX) && !knownEnv.contains(name)) {
                throw new ConfigException("environment variable " + name + " names no option of '"
                        + spec.name() + "' (known: " + knownEnv + ")");
            }
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = envKey(option);
        if (name != null) {
            return env.get(name);
        }
        name = fileKey(option);
        return name == null ? null : file.get(name);
    }

    /** The variable that sets this option (any of its names, e.g. an alias), or null. */
    private String envKey(OptionSpec option) {
        for (String name : option.names()) {
            if (env.containsKey(envName(name))) {
                return envName(name);
            }
        }
        return null;
    }

    private String fileKey(OptionSpec option) {
        for (String name : option.names()) {
            if (file.containsKey(bare(name))) {
                return bare(name);
            }
        }
        return null;
    }

    /** Where the value of an option not given as a flag came from. */
    Source sourceOf(OptionSpec option) {
        if (envKey(option) != null) {
            return Source.ENV;
        }
        return fileKey(option) != null ? Source.FILE : Source.DEFAULT;
    }

    /** How an operator names the source in a message: the variable or the file. */
    String describe(OptionSpec option) {
        return switch (sourceOf(option)) {
            case ENV -> "environment variable " + envKey(option);
            case FILE -> fileName + " (" + fileKey(option) + ")";
            default -> "default";
        };
    }

    static String envName(String optionName) {
        return ENV_PREFIX + bare(optionName).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String bare(String optionName) {
        return optionName.replaceFirst("^-+", "");
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    /** A configuration file or variable that cannot be used; the message names it. */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }
}
