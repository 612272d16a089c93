package org.sluice.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;
import org.slf4j.LoggerFactory;

/** {@code Define}, {@code UnDefine}, {@code ${NAME}} and the conditional sections. */
class ConfigReaderDefineTest {

    private final Map<String, String> defines = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private Set<String> modules = Set.of();

    private ConfigReader reader() {
        return ConfigReader.builder()
                .defines(defines)
                .environment(environment::get)
                .moduleLoaded(name -> modules.contains(name))
                .build();
    }

    private List<ConfigNode> read(String text) throws ConfigException {
        return reader().readDirectives(text, "test");
    }

    private List<String> argsOf(String text) throws ConfigException {
        return read(text).stream().map(ConfigNode::rawArgs).toList();
    }

    private ConfigException readFails(String text) {
        ConfigReader reader = reader();
        return (ConfigException) assertThatThrownBy(() -> reader.readDirectives(text, "test"))
                .isInstanceOf(ConfigException.class).actual();
    }

    @Test
    void substitutesADefinedVariable() throws Exception {
        assertThat(argsOf("Define PORT 8080\nListen ${PORT}\n")).containsExactly("8080");
    }

    @Test
    void substitutesInTheDirectiveNameAndSectionArguments() throws Exception {
        List<ConfigNode> nodes = read("Define D Listen\nDefine A *:80\n${D} 1\n<VirtualHost ${A}>\n</VirtualHost>\n");

        assertThat(nodes.get(0).name()).isEqualTo("Listen");
        assertThat(nodes.get(1).args()).containsExactly("*:80");
    }

    @Test
    void substitutesOnlyAfterTheDefine() throws Exception {
        assertThat(argsOf("Listen ${PORT}\nDefine PORT 8080\nListen ${PORT}\n")).containsExactly("${PORT}", "8080");
    }

    @Test
    void substitutesBeforeSplittingSoAValueMayHoldSeveralWords() throws Exception {
        ConfigNode node = read("Define ARGS \"a b\"\nFoo ${ARGS} c\n").get(0);

        assertThat(node.rawArgs()).isEqualTo("a b c");
        assertThat(node.args()).containsExactly("a", "b", "c");
    }

    @Test
    void fallsBackToTheEnvironment() throws Exception {
        environment.put("HOME_DIR", "/home/x");

        assertThat(argsOf("DocumentRoot ${HOME_DIR}/www\n")).containsExactly("/home/x/www");
    }

    @Test
    void prefersADefineToTheEnvironment() throws Exception {
        environment.put("PORT", "1");

        assertThat(argsOf("Define PORT 2\nListen ${PORT}\n")).containsExactly("2");
    }

    @Test
    void leavesAnUndefinedVariableAndLogsAWarning() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(Variables.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertThat(argsOf("Listen ${NOPE}\n")).containsExactly("${NOPE}");
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Config variable ${NOPE} is not defined (test:1)");
    }

    @Test
    void keepsADollarThatStartsNoVariable() throws Exception {
        assertThat(argsOf("RewriteRule ^(.*)$ /x$1 ${unclosed\n")).containsExactly("^(.*)$ /x$1 ${unclosed");
    }

    @Test
    void doesNotSubstituteADefineWithoutValue() throws Exception {
        assertThat(argsOf("Define FLAG\nFoo ${FLAG}\n")).containsExactly("${FLAG}");
    }

    @Test
    void undefineRemovesTheVariable() throws Exception {
        assertThat(argsOf("Define A 1\nUnDefine A\nFoo ${A}\n")).containsExactly("${A}");
        assertThat(defines).doesNotContainKey("A");
    }

    @Test
    void exposesTheFinalDefines() throws Exception {
        defines.put("FROM_CLI", null);
        ConfigReader reader = reader();

        reader.readDirectives("Define A 1\nDefine B\n", "test");

        assertThat(reader.defines()).containsOnlyKeys("FROM_CLI", "A", "B").containsEntry("A", "1");
    }

    @Test
    void keepsTheValueWhenRedefinedWithoutOne() throws Exception {
        assertThat(argsOf("Define A 1\nDefine A\nFoo ${A}\n")).containsExactly("1");
    }

    @Test
    void doesNotAddDefinesToTheTree() throws Exception {
        assertThat(read("define A 1\nundefine A\n")).isEmpty();
    }

    @Test
    void refusesDefineWithoutArguments() {
        ConfigException e = readFails("Listen 1\nDefine\n");

        assertThat(e).hasMessage("Define takes 1-2 arguments, "
                + "Define a variable, optionally to a value.  Same as passing -D to the command line.");
        assertThat(e.location()).isEqualTo(new ConfigLocation("test", 2));
    }

    @Test
    void refusesDefineWithThreeArguments() {
        assertThat(readFails("Define A b c\n")).hasMessageStartingWith("Define takes 1-2 arguments");
    }

    @Test
    void refusesAVariableNameWithAColon() {
        assertThat(readFails("Define a:b 1\n")).hasMessage("Variable name must not contain ':'");
    }

    @Test
    void readsIfDefineContentsWhenDefined() throws Exception {
        defines.put("SSL", null);

        assertThat(read("<IfDefine SSL>\nListen 443\n</IfDefine>\nListen 80\n"))
                .extracting(ConfigNode::rawArgs).containsExactly("443", "80");
    }

    @Test
    void ifDefineTestsItsFirstWordUnquotedAsHttpdDoes() throws Exception {
        defines.put("SSL", null);

        assertThat(argsOf("<IfDefine \"SSL\">\nListen 443\n</IfDefine>\n<IfDefine SSL OTHER>\nListen 444\n</IfDefine>\n"
                + "<IfDefine '!SSL'>\nListen 445\n</IfDefine>\nListen 80\n")).containsExactly("443", "444", "80");
    }

    @Test
    void skipsIfDefineContentsWhenNotDefined() throws Exception {
        assertThat(argsOf("<IfDefine SSL>\nListen 443\n</IfDefine>\nListen 80\n")).containsExactly("80");
    }

    @Test
    void readsNegatedIfDefineWhenNotDefined() throws Exception {
        assertThat(argsOf("<IfDefine !HTTP_PORT>\nDefine HTTP_PORT 8080\n</IfDefine>\nListen ${HTTP_PORT}\n"))
                .containsExactly("8080");
    }

    @Test
    void letsADirectiveGivenEarlierOverrideTheDefault() throws Exception {
        ConfigReader reader = reader();
        reader.readDirectives("Define HTTP_PORT 18080", "-C");

        List<ConfigNode> nodes = reader.readDirectives(
                "<IfDefine !HTTP_PORT>\nDefine HTTP_PORT 8080\n</IfDefine>\nListen ${HTTP_PORT}\n", "conf");

        assertThat(nodes.get(0).rawArgs()).isEqualTo("18080");
    }

    @Test
    void placesConditionalContentsInTheEnclosingSection() throws Exception {
        defines.put("X", null);

        ConfigNode vhost = read("<VirtualHost *:80>\n<IfDefine X>\nServerName a\n</IfDefine>\n</VirtualHost>\n").get(0);

        assertThat(vhost.children()).extracting(ConfigNode::name).containsExactly("ServerName");
    }

    @Test
    void nestsConditionals() throws Exception {
        defines.put("A", null);

        assertThat(argsOf("""
                <IfDefine A>
                  <IfDefine B>
                    Listen 1
                  </IfDefine>
                  <IfDefine !B>
                    Listen 2
                    <IfDefine A>
                      Listen 3
                    </IfDefine>
                  </IfDefine>
                </IfDefine>
                """)).containsExactly("2", "3");
    }

    @Test
    void skipsNestedSectionsInsideAFalseConditional() throws Exception {
        assertThat(argsOf("<IfDefine NO>\n<VirtualHost *:80>\n<IfDefine X>\n</IfDefine>\n</VirtualHost>\n</IfDefine>\nListen 1\n"))
                .containsExactly("1");
    }

    @Test
    void doesNotRunDefinesInsideAFalseConditional() throws Exception {
        read("<IfDefine NO>\nDefine A 1\n</IfDefine>\n");

        assertThat(defines).doesNotContainKey("A");
    }

    @Test
    void reportsAnUnclosedSectionInsideASkippedBlock() {
        ConfigException e = readFails("<IfDefine NO>\n<VirtualHost *:80>\n</IfDefine>\n");

        assertThat(e).hasMessage("Expected </VirtualHost> but saw </IfDefine>");
        assertThat(e.location()).isEqualTo(new ConfigLocation("test", 3));
    }

    @Test
    void reportsAnUnclosedSkippedConditionalAtItsOpeningLine() {
        ConfigException e = readFails("Listen 1\n<IfDefine NO>\nListen 2\n");

        assertThat(e).hasMessage("<IfDefine> was not closed.");
        assertThat(e.location()).isEqualTo(new ConfigLocation("test", 2));
    }

    @Test
    void reportsAnUnclosedTakenConditional() {
        defines.put("YES", null);

        assertThat(readFails("<IfDefine YES>\nListen 2\n")).hasMessage("<IfDefine> was not closed.");
    }

    @Test
    void refusesAConditionalWithoutArgument() {
        ConfigException e = readFails("\n<IfDefine>\n</IfDefine>\n");

        assertThat(e).hasMessage("<IfDefine> directive requires additional arguments");
        assertThat(e.location()).isEqualTo(new ConfigLocation("test", 2));
    }

    @Test
    void refusesANegationWithoutName() {
        assertThat(readFails("<IfModule !>\n</IfModule>\n"))
                .hasMessage("<IfModule> directive requires additional arguments");
    }

    @Test
    void matchesConditionalNamesCaseInsensitively() throws Exception {
        defines.put("A", null);

        assertThat(argsOf("<ifdefine A>\nListen 1\n</IFDEFINE>\n")).containsExactly("1");
    }

    @Test
    void asksWhetherAModuleIsLoadedByItsBareName() throws Exception {
        modules = Set.of("echo");

        assertThat(argsOf("""
                <IfModule echo>
                Listen 1
                </IfModule>
                <IfModule mod_echo.c>
                Listen 2
                </IfModule>
                <IfModule echo_module>
                Listen 3
                </IfModule>
                <IfModule smtp>
                Listen 4
                </IfModule>
                <IfModule !smtp_module>
                Listen 5
                </IfModule>
                """)).containsExactly("1", "2", "3", "5");
    }
}
