package org.sluice.internal.config;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;

/**
 * One reading of a configuration: walks the lines of a source, builds sections, and carries
 * out the read-time directives in place. Sections never span files, as in httpd: each file
 * must close what it opens.
 */
final class ConfigParser {

    /**
     * Sections and conditionals open at once, across includes. httpd has no such limit, but
     * real configurations nest a handful deep, and a limit keeps a hostile or broken file
     * from exhausting the stack.
     */
    static final int MAX_NESTING = 256;

    private static final String DEFINE_HELP =
            "Define a variable, optionally to a value.  Same as passing -D to the command line.";
    private static final String UNDEFINE_HELP = "Undefine the existence of a variable. Undo a Define.";
    private static final String INCLUDE_HELP = "Name(s) of the config file(s) to be included; "
            + "fails if the wildcard does not match at least one file";
    private static final String INCLUDE_OPTIONAL_HELP = "Name or pattern of the config file(s) to be included; "
            + "ignored if the file does not exist or the pattern does not match any files";

    private final ConfigReader reader;
    private final Variables variables;
    private int includeDepth;
    private int nesting;

    ConfigParser(ConfigReader reader) {
        this.reader = reader;
        this.variables = reader.variables();
    }

    private record Opening(String name, ConfigLocation location) {
    }

    /** @param includedAt the {@code Include} that names the file; null for the main file */
    List<ConfigNode> readFile(Path file, ConfigLocation includedAt) throws ConfigException {
        try (LineSource source = reader.open(file)) {
            List<ConfigNode> nodes = new ArrayList<>();
            readBlock(source, nodes, null);
            return nodes;
        } catch (IOException e) {
            throw new ConfigException(includedAt,
                    "Could not open configuration file " + file + ": " + ConfigReader.reason(e), e);
        }
    }

    List<ConfigNode> readSource(LineSource source) throws ConfigException {
        try (source) {
            List<ConfigNode> nodes = new ArrayList<>();
            readBlock(source, nodes, null);
            return nodes;
        } catch (IOException e) {
            throw new ConfigException(null,
                    "Could not read " + source.name() + ": " + ConfigReader.reason(e), e);
        }
    }

    /** Reads up to the close tag of {@code open}, or to the end of the source when it is null. */
    private void readBlock(LineSource source, List<ConfigNode> out, Opening open)
            throws IOException, ConfigException {
        LineSource.Line line;
        while ((line = source.next()) != null) {
            String text = line.text();
            if (text.isEmpty() || text.charAt(0) == '#') {
                continue;
            }
            ConfigWords.FirstWord first = ConfigWords.first(variables.substitute(text, line.location()));
            String word = first.word();
            if (word.isEmpty()) {
                continue;
            }
            if (word.startsWith("</")) {
                checkClose(word, open, line.location());
                return;
            }
            if (word.startsWith("<")) {
                section(source, out, word, first.rest(), line.location());
            } else {
                directive(out, word, first.rest(), line.location());
            }
        }
        if (open != null) {
            throw new ConfigException(open.location(), "<" + open.name() + "> was not closed.");
        }
    }

    private static void checkClose(String tag, Opening open, ConfigLocation location) throws ConfigException {
        if (open == null) {
            throw new ConfigException(location, tag + " without matching <" + tag.substring(2) + " section");
        }
        if (!tag.endsWith(">")) {
            throw new ConfigException(location, tag + "> directive missing closing '>'");
        }
        String name = tag.substring(2, tag.length() - 1);
        if (!name.equalsIgnoreCase(open.name())) {
            throw new ConfigException(location, "Expected </" + open.name() + "> but saw </" + name + ">");
        }
    }

    private void section(LineSource source, List<ConfigNode> out, String word, String rest, ConfigLocation location)
            throws IOException, ConfigException {
        boolean closedInWord = word.endsWith(">");
        String name = closedInWord ? word.substring(1, word.length() - 1) : word.substring(1);
        String rawArgs = "";
        if (!(closedInWord && rest.isEmpty())) {
            int bracket = rest.lastIndexOf('>');
            if (bracket < 0) {
                throw new ConfigException(location, "<" + name + "> directive missing closing '>'");
            }
            rawArgs = ConfigWords.trim(rest.substring(0, bracket));
        }
        Opening opening = new Opening(name, location);
        enter(opening);
        try {
            Boolean condition = condition(name, rawArgs, location);
            if (condition == null) {
                List<ConfigNode> children = new ArrayList<>();
                readBlock(source, children, opening);
                out.add(new ConfigNode(name, rawArgs, ConfigWords.split(rawArgs), location, true, children));
            } else if (condition) {
                readBlock(source, out, opening);
            } else {
                skipBlock(source, opening);
            }
        } finally {
            nesting--;
        }
    }

    private void enter(Opening opening) throws ConfigException {
        if (nesting >= MAX_NESTING) {
            throw new ConfigException(opening.location(), "<" + opening.name()
                    + "> is nested too deeply: more than " + MAX_NESTING + " sections are open");
        }
        nesting++;
    }

    /** The value of a conditional section, or null when {@code name} is not one. */
    private Boolean condition(String name, String rawArgs, ConfigLocation location) throws ConfigException {
        String kind = name.toLowerCase(Locale.ROOT);
        if (!kind.equals("ifdefine") && !kind.equals("ifmodule") && !kind.equals("iffile")) {
            return null;
        }
        // the first word, unquoted, as httpd reads it: <IfDefine "X"> and <IfDefine X Y> test X
        List<String> words = ConfigWords.split(rawArgs);
        String first = words.isEmpty() ? "" : words.get(0);
        boolean negated = first.startsWith("!");
        String argument = negated ? first.substring(1) : first;
        if (argument.isEmpty()) {
            throw new ConfigException(location, "<" + name + "> directive requires additional arguments");
        }
        boolean value = switch (kind) {
            case "ifdefine" -> reader.defines().containsKey(argument);
            case "ifmodule" -> reader.isModuleLoaded(ConditionalSections.moduleName(argument));
            default -> ConditionalSections.fileExists(reader, argument);
        };
        return value != negated;
    }

    /** Skips a conditional section that is false, still requiring what it holds to be balanced. */
    private void skipBlock(LineSource source, Opening open) throws IOException, ConfigException {
        LineSource.Line line;
        while ((line = source.next()) != null) {
            ConfigWords.FirstWord first = ConfigWords.first(line.text());
            String word = first.word();
            if (word.startsWith("</")) {
                String name = word.length() > 2 ? word.substring(2, word.length() - 1) : "";
                if (!name.equalsIgnoreCase(open.name())) {
                    throw new ConfigException(line.location(),
                            "Expected </" + open.name() + "> but saw </" + name + ">");
                }
                return;
            }
            if (word.startsWith("<")) {
                String name = first.rest().isEmpty() && word.endsWith(">")
                        ? word.substring(1, word.length() - 1) : word.substring(1);
                Opening inner = new Opening(name, line.location());
                enter(inner);
                try {
                    skipBlock(source, inner);
                } finally {
                    nesting--;
                }
            }
        }
        throw new ConfigException(open.location(), "<" + open.name() + "> was not closed.");
    }

    private void directive(List<ConfigNode> out, String name, String rawArgs, ConfigLocation location)
            throws ConfigException {
        ConfigNode node = new ConfigNode(name, rawArgs, ConfigWords.split(rawArgs), location, false, List.of());
        String lower = name.toLowerCase(Locale.ROOT);
        if (reader.accessFile() && (lower.equals("define") || lower.equals("undefine")
                || lower.equals("include") || lower.equals("includeoptional"))) {
            throw new ConfigException(location, name + " not allowed here");
        }
        switch (lower) {
            case "define" -> define(node);
            case "undefine" -> undefine(node);
            case "include" -> include(node, out, false);
            case "includeoptional" -> include(node, out, true);
            default -> {
                ReadTimeHandler handler = reader.handler(name);
                if (handler != null) {
                    handler.handle(node, reader);
                } else {
                    out.add(node);
                }
            }
        }
    }

    private void define(ConfigNode node) throws ConfigException {
        List<String> args = node.args();
        if (args.isEmpty() || args.size() > 2) {
            throw new ConfigException(node.location(), "Define takes 1-2 arguments, " + DEFINE_HELP);
        }
        String name = variableName(node);
        Map<String, String> defines = reader.defines();
        if (args.size() == 2) {
            defines.put(name, args.get(1));
        } else if (!defines.containsKey(name)) {
            defines.put(name, null);
        }
    }

    private void undefine(ConfigNode node) throws ConfigException {
        if (node.args().size() != 1) {
            throw new ConfigException(node.location(), "UnDefine takes one argument, " + UNDEFINE_HELP);
        }
        reader.defines().remove(variableName(node));
    }

    private static String variableName(ConfigNode node) throws ConfigException {
        String name = node.args().get(0);
        if (name.indexOf(':') >= 0) {
            throw new ConfigException(node.location(), "Variable name must not contain ':'");
        }
        return name;
    }

    private void include(ConfigNode node, List<ConfigNode> out, boolean optional) throws ConfigException {
        if (node.args().size() != 1 || node.args().get(0).isEmpty()) {
            throw new ConfigException(node.location(), optional
                    ? "IncludeOptional takes one argument, " + INCLUDE_OPTIONAL_HELP
                    : "Include takes one argument, " + INCLUDE_HELP);
        }
        if (includeDepth >= IncludeFiles.MAX_DEPTH) {
            throw new ConfigException(node.location(), "Exceeded the maximum include directory nesting level of "
                    + IncludeFiles.MAX_DEPTH + ". You have probably a recursion somewhere.");
        }
        Path pattern;
        try {
            pattern = reader.resolve(Path.of(node.args().get(0)));
        } catch (InvalidPathException e) {
            throw new ConfigException(node.location(), "Invalid Include path " + node.args().get(0), e);
        }
        includeDepth++;
        try {
            for (Path file : IncludeFiles.resolve(pattern, optional, node.location())) {
                out.addAll(readFile(file, node.location()));
            }
        } finally {
            includeDepth--;
        }
    }
}
