package org.sluice.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;

/** Lines, words and sections: the syntax of one file. */
class ConfigReaderTest {

    @TempDir
    Path root;

    private Path write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private List<ConfigNode> read(String text) throws Exception {
        return ConfigReader.builder().serverRoot(root).build().read(write("test.conf", text));
    }

    private ConfigException readFails(String text) throws IOException {
        Path file = write("test.conf", text);
        ConfigReader reader = ConfigReader.builder().serverRoot(root).build();
        return (ConfigException) assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConfigException.class).actual();
    }

    private ConfigLocation at(int line) {
        return new ConfigLocation(root.resolve("test.conf").toString(), line);
    }

    @Test
    void readsDirectivesWithNameArgumentsAndLocation() throws Exception {
        List<ConfigNode> nodes = read("Listen 8080\nServerName example.org\n");

        assertThat(nodes).containsExactly(
                new ConfigNode("Listen", "8080", List.of("8080"), at(1), false, List.of()),
                new ConfigNode("ServerName", "example.org", List.of("example.org"), at(2), false, List.of()));
    }

    @Test
    void skipsCommentsAndBlankLines() throws Exception {
        List<ConfigNode> nodes = read("# a comment\n\n   \n    # indented comment\nListen 80\n");

        assertThat(nodes).extracting(ConfigNode::name).containsExactly("Listen");
        assertThat(nodes.get(0).location()).isEqualTo(at(5));
    }

    @Test
    void keepsHashInTheMiddleOfALineAsAnArgument() throws Exception {
        ConfigNode node = read("Header set X-Tag #1 # not a comment\n").get(0);

        assertThat(node.args()).containsExactly("set", "X-Tag", "#1", "#", "not", "a", "comment");
    }

    @Test
    void trimsLeadingAndTrailingWhitespace() throws Exception {
        ConfigNode node = read("  \t Listen   8080 \t \n").get(0);

        assertThat(node.name()).isEqualTo("Listen");
        assertThat(node.rawArgs()).isEqualTo("8080");
    }

    @Test
    void acceptsCrlfLineEnds() throws Exception {
        List<ConfigNode> nodes = read("Listen 80\r\nServerName a\r\n");

        assertThat(nodes).extracting(ConfigNode::rawArgs).containsExactly("80", "a");
    }

    @Test
    void readsALastLineWithoutNewline() throws Exception {
        assertThat(read("Listen 80")).extracting(ConfigNode::name).containsExactly("Listen");
    }

    @Test
    void joinsContinuationLinesWithoutAddingSpace() throws Exception {
        ConfigNode node = read("Alias /a \\\n   /b\nLis\\\nten 80\n").get(0);

        assertThat(node.rawArgs()).isEqualTo("/a    /b");
        assertThat(node.args()).containsExactly("/a", "/b");
    }

    @Test
    void joinsContinuationIntoAWordWhenNoSpaceSurroundsIt() throws Exception {
        List<ConfigNode> nodes = read("Lis\\\nten 80\n");

        assertThat(nodes.get(0).name()).isEqualTo("Listen");
    }

    @Test
    void continuesCrlfLines() throws Exception {
        ConfigNode node = read("Alias /a \\\r\n/b\r\n").get(0);

        assertThat(node.args()).containsExactly("/a", "/b");
    }

    @Test
    void locatesAContinuedDirectiveAtItsFirstLine() throws Exception {
        List<ConfigNode> nodes = read("Alias /a \\\n /b \\\n /c\nListen 80\n");

        assertThat(nodes).extracting(ConfigNode::location).containsExactly(at(1), at(4));
    }

    @Test
    void continuesACommentOntoTheNextLineAsHttpdDoes() throws Exception {
        List<ConfigNode> nodes = read("# comment \\\nListen 80\nListen 81\n");

        assertThat(nodes).extracting(ConfigNode::rawArgs).containsExactly("81");
    }

    @Test
    void keepsWhitespaceInsideDoubleQuotes() throws Exception {
        ConfigNode node = read("LogFormat \"%h %l  %u\" common\n").get(0);

        assertThat(node.args()).containsExactly("%h %l  %u", "common");
        assertThat(node.rawArgs()).isEqualTo("\"%h %l  %u\" common");
    }

    @Test
    void keepsWhitespaceInsideSingleQuotes() throws Exception {
        assertThat(read("Foo 'a b' c\n").get(0).args()).containsExactly("a b", "c");
    }

    @Test
    void unescapesAnEscapedQuoteInsideQuotes() throws Exception {
        assertThat(read("Foo \"say \\\"hi\\\"\" 'it\\'s'\n").get(0).args())
                .containsExactly("say \"hi\"", "it's");
    }

    @Test
    void keepsABackslashThatEscapesNothing() throws Exception {
        assertThat(read("Foo \"a\\nb\" c\\d\n").get(0).args()).containsExactly("a\\nb", "c\\d");
    }

    @Test
    void collapsesADoubleBackslash() throws Exception {
        assertThat(read("Foo \"a\\\\b\" c\\\\d\n").get(0).args()).containsExactly("a\\b", "c\\d");
    }

    @Test
    void endsAQuotedWordAtItsClosingQuote() throws Exception {
        assertThat(read("Foo \"a b\"c\n").get(0).args()).containsExactly("a b", "c");
    }

    @Test
    void keepsAnEmptyQuotedArgument() throws Exception {
        assertThat(read("Foo \"\" x\n").get(0).args()).containsExactly("", "x");
    }

    @Test
    void runsAnUnterminatedQuoteToTheEndOfTheLine() throws Exception {
        assertThat(read("Foo \"a b\n").get(0).args()).containsExactly("a b");
    }

    @Test
    void nestsSections() throws Exception {
        List<ConfigNode> nodes = read("""
                <VirtualHost *:80 [::1]:80>
                    ServerName a
                    <Location /status>
                        SetHandler server-status
                    </Location>
                </VirtualHost>
                Listen 80
                """);

        assertThat(nodes).extracting(ConfigNode::name).containsExactly("VirtualHost", "Listen");
        ConfigNode vhost = nodes.get(0);
        assertThat(vhost.section()).isTrue();
        assertThat(vhost.rawArgs()).isEqualTo("*:80 [::1]:80");
        assertThat(vhost.args()).containsExactly("*:80", "[::1]:80");
        assertThat(vhost.location()).isEqualTo(at(1));
        assertThat(vhost.children()).extracting(ConfigNode::name).containsExactly("ServerName", "Location");
        ConfigNode location = vhost.children().get(1);
        assertThat(location.args()).containsExactly("/status");
        assertThat(location.location()).isEqualTo(at(3));
        assertThat(location.children()).extracting(ConfigNode::name).containsExactly("SetHandler");
    }

    @Test
    void readsASectionWithoutArguments() throws Exception {
        ConfigNode node = read("<Limits>\nFoo\n</Limits>\n").get(0);

        assertThat(node.name()).isEqualTo("Limits");
        assertThat(node.rawArgs()).isEmpty();
        assertThat(node.args()).isEmpty();
    }

    @Test
    void keepsQuotedSectionArguments() throws Exception {
        ConfigNode node = read("<Directory \"/var/www/my site\">\n</Directory>\n").get(0);

        assertThat(node.args()).containsExactly("/var/www/my site");
        assertThat(node.rawArgs()).isEqualTo("\"/var/www/my site\"");
    }

    @Test
    void matchesCloseTagsCaseInsensitively() throws Exception {
        ConfigNode node = read("<VirtualHost *:80>\n</virtualhost>\n").get(0);

        assertThat(node.name()).isEqualTo("VirtualHost");
    }

    @Test
    void reportsAnUnclosedSectionAtItsOpeningLine() throws IOException {
        ConfigException e = readFails("Listen 80\n<VirtualHost *:80>\nServerName a\n");

        assertThat(e).hasMessage("<VirtualHost> was not closed.");
        assertThat(e.location()).isEqualTo(at(2));
    }

    @Test
    void reportsACloseTagWithoutOpening() throws IOException {
        ConfigException e = readFails("Listen 80\n</VirtualHost>\n");

        assertThat(e).hasMessage("</VirtualHost> without matching <VirtualHost> section");
        assertThat(e.location()).isEqualTo(at(2));
    }

    @Test
    void reportsAMismatchedCloseTag() throws IOException {
        ConfigException e = readFails("<VirtualHost *:80>\n<Location />\n</VirtualHost>\n");

        assertThat(e).hasMessage("Expected </Location> but saw </VirtualHost>");
        assertThat(e.location()).isEqualTo(at(3));
    }

    @Test
    void reportsASectionWithoutClosingBracket() throws IOException {
        ConfigException e = readFails("\n<VirtualHost *:80\n</VirtualHost>\n");

        assertThat(e).hasMessage("<VirtualHost> directive missing closing '>'");
        assertThat(e.location()).isEqualTo(at(2));
    }

    @Test
    void reportsACloseTagWithoutClosingBracket() throws IOException {
        ConfigException e = readFails("<Location />\n</Location\n");

        assertThat(e).hasMessage("</Location> directive missing closing '>'");
        assertThat(e.location()).isEqualTo(at(2));
    }

    @Test
    void reportsAMissingFileWithItsPath() {
        Path missing = root.resolve("missing.conf");
        ConfigReader reader = ConfigReader.builder().serverRoot(root).build();

        assertThatThrownBy(() -> reader.read(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Could not open configuration file " + missing + ": No such file or directory");
    }

    @Test
    void resolvesARelativeMainFileAgainstTheServerRoot() throws Exception {
        write("conf/main.conf", "Listen 80\n");
        ConfigReader reader = ConfigReader.builder().serverRoot(root).build();

        List<ConfigNode> nodes = reader.read(Path.of("conf/main.conf"));

        assertThat(nodes.get(0).location().file()).isEqualTo(root.resolve("conf/main.conf").toString());
    }

    @Test
    void refusesAnOverlongLogicalLine() throws IOException {
        String longLine = "Foo " + "x".repeat(LineSource.MAX_LINE_LENGTH) + "\n";

        ConfigException e = readFails("Listen 80\n" + longLine);

        assertThat(e.getMessage()).contains("Line too long");
        assertThat(e.location()).isEqualTo(at(2));
    }

    @Test
    void refusesAnOverlongLineMadeOfContinuations() throws IOException {
        String piece = "x".repeat(1000) + "\\\n";

        ConfigException e = readFails("Foo " + piece.repeat(LineSource.MAX_LINE_LENGTH / 1000 + 1));

        assertThat(e.getMessage()).contains("Line too long");
        assertThat(e.location()).isEqualTo(at(1));
    }

    @Test
    void refusesSectionsNestedBeyondTheLimit() throws IOException {
        String text = "<A>\n".repeat(ConfigParser.MAX_NESTING + 1) + "</A>\n".repeat(ConfigParser.MAX_NESTING + 1);

        ConfigException e = readFails(text);

        assertThat(e.getMessage()).contains("nested too deeply");
        assertThat(e.location()).isEqualTo(at(ConfigParser.MAX_NESTING + 1));
    }

    @Test
    void readsDirectivesGivenAsText() throws Exception {
        ConfigReader reader = ConfigReader.builder().serverRoot(root).build();

        List<ConfigNode> nodes = reader.readDirectives("Listen 18080", "-C");

        assertThat(nodes).containsExactly(
                new ConfigNode("Listen", "18080", List.of("18080"), new ConfigLocation("-C", 1), false, List.of()));
    }

    @Test
    void reportsErrorsInDirectivesGivenAsTextUnderTheSourceName() {
        ConfigReader reader = ConfigReader.builder().serverRoot(root).build();

        assertThatThrownBy(() -> reader.readDirectives("<VirtualHost *:80>", "-c"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<VirtualHost> was not closed.")
                .extracting(e -> ((ConfigException) e).location())
                .isEqualTo(new ConfigLocation("-c", 1));
    }
}
