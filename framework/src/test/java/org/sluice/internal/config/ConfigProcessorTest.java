package org.sluice.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sluice.config.ConfigException;
import org.sluice.server.Server;
import org.sluice.server.VirtualHost;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/**
 * How directives are found and checked (name, place, number of arguments, with Apache's
 * messages) and how the typed configuration they build is merged.
 */
class ConfigProcessorTest {

    /** Two lines that every configuration here starts with; the line under test is line 3. */
    private static final String PROLOGUE = """
            LoadModule org.sluice.internal.config.TestDirectivesModule
            Listen 127.0.0.1:18999
            """;

    @TempDir
    Path root;

    private ConfigException fails(String lines) {
        return (ConfigException) assertThatThrownBy(() -> TestServer.check(root, PROLOGUE + lines))
                .isInstanceOf(ConfigException.class).actual();
    }

    private Server configure(String lines) throws ConfigException {
        return TestServer.configure(root, PROLOGUE + lines);
    }

    private static List<String> marks(VirtualHost host, String location) {
        return host.location(location).get(TestDirectivesModule.TRAIL).marks;
    }

    @Test
    void unknownDirectiveIsAnInvalidCommandAtItsLine() {
        ConfigException e = fails("Foo bar\n");

        assertThat(e.location().line()).isEqualTo(3);
        assertThat(e).hasMessage("Invalid command 'Foo', perhaps misspelled or defined by a module"
                + " not included in the server configuration");
    }

    @Test
    void errorLocationNamesTheConfigurationFile() {
        ConfigException e = fails("\n\nFoo\n");

        assertThat(e.location().line()).isEqualTo(5);
        assertThat(e.location().file()).isEqualTo(root.resolve("conf/sluice.conf").toString());
    }

    static Stream<Arguments> wrongArity() {
        return Stream.of(
                Arguments.of("TakeOne", "TakeOne takes one argument, help for TakeOne"),
                Arguments.of("TakeOne a b", "TakeOne takes one argument, help for TakeOne"),
                // an empty word is no argument, as Apache reads them
                Arguments.of("TakeOne \"\"", "TakeOne takes one argument, help for TakeOne"),
                Arguments.of("TakeTwo a ''", "TakeTwo takes two arguments, help for TakeTwo"),
                Arguments.of("TakeTwo a", "TakeTwo takes two arguments, help for TakeTwo"),
                Arguments.of("TakeTwo a b c", "TakeTwo takes two arguments, help for TakeTwo"),
                Arguments.of("TakeOneOrTwo", "TakeOneOrTwo takes 1-2 arguments, help for TakeOneOrTwo"),
                Arguments.of("TakeOneOrTwo a b c", "TakeOneOrTwo takes 1-2 arguments, help for TakeOneOrTwo"),
                Arguments.of("TakeThree a b", "TakeThree takes three arguments, help for TakeThree"),
                Arguments.of("TakeTwoOrThree a", "TakeTwoOrThree takes two or three arguments, help for TakeTwoOrThree"),
                Arguments.of("TakeTwoOrThree a b c d",
                        "TakeTwoOrThree takes two or three arguments, help for TakeTwoOrThree"),
                Arguments.of("TakeOneToThree", "TakeOneToThree takes one, two or three arguments, help for TakeOneToThree"),
                Arguments.of("TakeOneToThree a b c d",
                        "TakeOneToThree takes one, two or three arguments, help for TakeOneToThree"),
                Arguments.of("TakeOneOrThree a b", "TakeOneOrThree takes one or three arguments, help for TakeOneOrThree"),
                Arguments.of("TakeEach", "TakeEach requires at least one argument, help for TakeEach"),
                Arguments.of("TakeKeyAndEach key", "TakeKeyAndEach requires at least two arguments, help for TakeKeyAndEach"),
                Arguments.of("TakeNone x", "TakeNone takes no arguments"),
                Arguments.of("TakeFlag maybe", "TakeFlag must be On or Off"),
                Arguments.of("TakeFlag", "TakeFlag must be On or Off"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("wrongArity")
    void wrongNumberOfArgumentsGivesApachesMessage(String line, String message) {
        ConfigException e = fails(line + "\n");

        assertThat(e.location().line()).isEqualTo(3);
        assertThat(e).hasMessage(message);
    }

    static Stream<Arguments> rightArity() {
        return Stream.of(
                Arguments.of("TakeNone", List.of("TakeNone")),
                Arguments.of("TakeFlag off", List.of("TakeFlag", "off")),
                Arguments.of("TakeOne a", List.of("TakeOne", "a")),
                Arguments.of("TakeTwo a b", List.of("TakeTwo", "a", "b")),
                Arguments.of("TakeOneOrTwo a", List.of("TakeOneOrTwo", "a")),
                Arguments.of("TakeOneOrTwo a b", List.of("TakeOneOrTwo", "a", "b")),
                Arguments.of("TakeThree a b c", List.of("TakeThree", "a", "b", "c")),
                Arguments.of("TakeTwoOrThree a b", List.of("TakeTwoOrThree", "a", "b")),
                Arguments.of("TakeOneToThree a b c", List.of("TakeOneToThree", "a", "b", "c")),
                Arguments.of("TakeOneOrThree a", List.of("TakeOneOrThree", "a")),
                Arguments.of("TakeOneOrThree a b c", List.of("TakeOneOrThree", "a", "b", "c")),
                Arguments.of("TakeOne \"a quoted word\"", List.of("TakeOne", "a quoted word")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rightArity")
    void rightNumberOfArgumentsCallsTheHandlerOnceWithThem(String line, List<String> call) throws Exception {
        Server server = configure(line + "\n");

        assertThat(server.mainServer().config(TestDirectivesModule.SETTINGS).calls).containsExactly(call);
    }

    @Test
    void iterateCallsTheHandlerOncePerArgument() throws Exception {
        Server server = configure("TakeEach a b c\n");

        assertThat(server.mainServer().config(TestDirectivesModule.SETTINGS).calls).containsExactly(
                List.of("TakeEach", "a"), List.of("TakeEach", "b"), List.of("TakeEach", "c"));
    }

    @Test
    void iterate2CallsTheHandlerOncePerArgumentAfterTheFirst() throws Exception {
        Server server = configure("TakeKeyAndEach key a b\n");

        assertThat(server.mainServer().config(TestDirectivesModule.SETTINGS).calls).containsExactly(
                List.of("TakeKeyAndEach", "key", "a"), List.of("TakeKeyAndEach", "key", "b"));
    }

    @Test
    void directiveNamesMatchCaseInsensitively() throws Exception {
        Server server = configure("takeone a\nTAKEONE b\n<location /x>\nmark inside\n</LOCATION>\n");

        assertThat(server.mainServer().config(TestDirectivesModule.SETTINGS).calls)
                .containsExactly(List.of("takeone", "a"), List.of("TAKEONE", "b"));
        assertThat(marks(server.mainServer(), "/x")).containsExactly("inside");
    }

    @Test
    void serverOnlyDirectiveCannotOccurWithinVirtualHost() {
        ConfigException e = fails("<VirtualHost 127.0.0.1:18999>\nListen 127.0.0.1:18998\n</VirtualHost>\n");

        assertThat(e.location().line()).isEqualTo(4);
        assertThat(e).hasMessage("Listen cannot occur within <VirtualHost> section");
    }

    @Test
    void virtualHostCannotOccurWithinVirtualHost() {
        ConfigException e = fails("<VirtualHost 127.0.0.1:18999>\n<VirtualHost 127.0.0.1:18999>\n"
                + "</VirtualHost>\n</VirtualHost>\n");

        assertThat(e.location().line()).isEqualTo(4);
        assertThat(e).hasMessage("<VirtualHost> cannot occur within <VirtualHost> section");
    }

    @Test
    void sectionOnlyDirectiveIsNotAllowedAtTopLevel() {
        ConfigException e = fails("SectionOnly a\n");

        assertThat(e.location().line()).isEqualTo(3);
        assertThat(e).hasMessage("SectionOnly not allowed here");
    }

    @Test
    void sectionOnlyDirectiveIsAllowedInLocation() throws Exception {
        Server server = configure("<Location /a>\nSectionOnly inside\n</Location>\n");

        assertThat(marks(server.mainServer(), "/a")).containsExactly("inside");
    }

    @Test
    void serverDirectiveCannotOccurWithinLocation() {
        ConfigException e = fails("<Location /a>\n\nServerName example.org\n</Location>\n");

        assertThat(e.location().line()).isEqualTo(5);
        assertThat(e).hasMessage("ServerName not allowed in <Location> context");
    }

    @Test
    void locationCannotOccurWithinLocation() {
        ConfigException e = fails("<Location /a>\n<Location /a/b>\n</Location>\n</Location>\n");

        assertThat(e.location().line()).isEqualTo(4);
        assertThat(e).hasMessage("<Location> cannot occur within <Location> section");
    }

    @Test
    void serverConfigOfAVirtualHostIsMergedOverTheMainServers() throws Exception {
        Server server = configure("""
                Setting main
                TakeOne main-call
                <VirtualHost 127.0.0.1:18999>
                ServerName one
                Setting one
                TakeOne one-call
                </VirtualHost>
                <VirtualHost 127.0.0.1:18998>
                ServerName two
                </VirtualHost>
                """);

        VirtualHost one = server.virtualHosts().get(0);
        VirtualHost two = server.virtualHosts().get(1);
        assertThat(server.mainServer().config(TestDirectivesModule.SETTINGS).value).isEqualTo("main");
        assertThat(one.config(TestDirectivesModule.SETTINGS).value).isEqualTo("one");
        assertThat(one.config(TestDirectivesModule.SETTINGS).calls)
                .as("merge(main, vhost) sees the main server first")
                .containsExactly(List.of("TakeOne", "main-call"), List.of("TakeOne", "one-call"));
        assertThat(two.config(TestDirectivesModule.SETTINGS).value).isEqualTo("main");
    }

    @Test
    void dirConfigIsMergedFromHostDefaultsThroughLocationThenLocationMatch() throws Exception {
        Server server = configure("""
                Mark defaults
                <Location /a>
                Mark location
                </Location>
                <LocationMatch ^/a/b>
                Mark match
                </LocationMatch>
                """);

        assertThat(marks(server.mainServer(), "/a/b/c")).containsExactly("defaults", "location", "match");
        assertThat(marks(server.mainServer(), "/a")).containsExactly("defaults", "location");
        assertThat(server.mainServer().defaults().get(TestDirectivesModule.TRAIL).marks).containsExactly("defaults");
    }

    @Test
    void aDirectiveSeesTheSectionItStandsInAndItsArgument() throws Exception {
        Server server = configure("""
                MarkSection
                <Location /app>
                MarkSection
                <Limit POST>
                MarkSection
                </Limit>
                </Location>
                <LocationMatch ^/re/(.*)$>
                MarkSection
                </LocationMatch>
                """);

        assertThat(marks(server.mainServer(), "/app"))
                .containsExactly("null null", "Location /app", "Location /app");
        assertThat(marks(server.mainServer(), "/re/x")).containsExactly("null null", "LocationMatch ^/re/(.*)$");
    }

    @Test
    void sectionsMergeInConfigurationOrder() throws Exception {
        Server server = configure("""
                <LocationMatch ^/a>
                Mark match
                </LocationMatch>
                <Location /a>
                Mark location
                </Location>
                """);

        assertThat(marks(server.mainServer(), "/a")).containsExactly("match", "location");
    }

    @Test
    void virtualHostDirConfigMergesMainServerThenItsOwn() throws Exception {
        Server server = configure("""
                Mark main
                <Location /a>
                Mark main-location
                </Location>
                <VirtualHost 127.0.0.1:18999>
                Mark vhost
                <Location /a>
                Mark vhost-location
                </Location>
                </VirtualHost>
                """);

        VirtualHost vhost = server.virtualHosts().get(0);
        assertThat(marks(vhost, "/a")).containsExactly("main", "vhost", "main-location", "vhost-location");
        assertThat(marks(server.mainServer(), "/a")).containsExactly("main", "main-location");
    }

    @Test
    void locationMatchesItsPathAndBelowOnSlashBoundariesOnly() throws Exception {
        Server server = configure("<Location /a>\nMark a\n</Location>\n");

        VirtualHost main = server.mainServer();
        assertThat(marks(main, "/a")).containsExactly("a");
        assertThat(marks(main, "/a/")).containsExactly("a");
        assertThat(marks(main, "/a/deeper")).containsExactly("a");
        assertThat(marks(main, "/ab")).isEmpty();
        assertThat(marks(main, "/")).isEmpty();
    }

    @Test
    void locationNamedWithoutSlashMatchesThatName() throws Exception {
        Server server = configure("<Location command>\nMark command\n</Location>\n");

        assertThat(marks(server.mainServer(), "command")).containsExactly("command");
        assertThat(marks(server.mainServer(), "commander")).isEmpty();
    }

    @Test
    void connectionGetsTheVirtualHostOfTheAddressAndPortItArrivedOn() throws Exception {
        int first = TestServer.freePort();
        int second = TestServer.freePort();
        int third = TestServer.freePort();
        String config = """
                Listen 127.0.0.1:%d
                Listen 127.0.0.1:%d
                Listen 127.0.0.1:%d
                ServerName main.example
                ProtocolHandler org.sluice.testing.ServerNameHandler
                <VirtualHost 127.0.0.1:%d>
                ServerName first.example
                </VirtualHost>
                <VirtualHost 127.0.0.1:%d>
                ServerName second.example
                </VirtualHost>
                """.formatted(first, second, third, first, second);
        try (TestServer server = TestServer.start(root, config)) {
            assertThat(nameAt(first)).isEqualTo("first.example");
            assertThat(nameAt(second)).isEqualTo("second.example");
            assertThat(nameAt(third)).as("no vhost for the port: the main server").isEqualTo("main.example");
        }
    }

    @Test
    void firstMatchingVirtualHostIsTheDefaultForItsAddress() throws Exception {
        int port = TestServer.freePort();
        String config = """
                Listen 127.0.0.1:%d
                ProtocolHandler org.sluice.testing.ServerNameHandler
                <VirtualHost 127.0.0.1:%d>
                ServerName first.example
                </VirtualHost>
                <VirtualHost *:%d>
                ServerName any.example
                </VirtualHost>
                """.formatted(port, port, port);
        try (TestServer server = TestServer.start(root, config)) {
            assertThat(nameAt(port)).isEqualTo("first.example");
        }
    }

    @Test
    void wildcardVirtualHostMatchesAnyAddressOnItsPort() throws Exception {
        int port = TestServer.freePort();
        String config = """
                Listen 127.0.0.1:%d
                ProtocolHandler org.sluice.testing.ServerNameHandler
                <VirtualHost *:%d>
                ServerName any.example
                </VirtualHost>
                """.formatted(port, port);
        try (TestServer server = TestServer.start(root, config)) {
            assertThat(nameAt(port)).isEqualTo("any.example");
        }
    }

    private static String nameAt(int port) throws Exception {
        try (TestClient client = TestClient.connect(port)) {
            return client.readLine();
        }
    }
}
