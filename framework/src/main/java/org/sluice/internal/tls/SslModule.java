package org.sluice.internal.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.config.Scope;
import org.sluice.module.Module;
import org.sluice.module.Registry;
import org.sluice.tls.SslDirConfig;
import org.sluice.tls.TlsSession;

/**
 * The {@code ssl} module, as Apache's mod_ssl: TLS for any protocol on the addresses whose
 * default virtual host has {@code SSLEngine on}, the virtual host chosen by the name the client
 * sends by SNI before the protocol starts. Certificates and keys are PEM files; the JDK does
 * the cryptography.
 *
 * <pre>
 * LoadModule ssl
 * Listen 8443
 * &lt;VirtualHost *:8443&gt;
 *     ServerName www.example.com
 *     SSLEngine on
 *     SSLCertificateFile conf/www.example.com.pem
 *     SSLCertificateKeyFile conf/www.example.com.key
 * &lt;/VirtualHost&gt;
 * </pre>
 */
public final class SslModule implements Module {

    private static final Set<Scope> SERVER_OR_VHOST = Directive.SERVER_OR_VHOST;
    /** The protocols {@code SSLProtocol all} means, as the JDK names them. */
    private static final List<String> ALL = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    @Override
    public String name() {
        return "ssl";
    }

    /** mod_ssl, and the session cache it needs in httpd: the JDK keeps TLS sessions itself. */
    @Override
    public Set<String> provides() {
        return Set.of("ssl", "socache_shmcb");
    }

    @Override
    public void register(Registry registry) {
        registry.directive(Directive.of("SSLEngine", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL switch for the protocol engine ('on', 'off')", SslModule::engine));
        registry.directive(Directive.of("SSLCertificateFile", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL Server Certificate file ('/path/to/file' - PEM encoded)",
                call -> config(call).certificates.add(file(call))));
        registry.directive(Directive.of("SSLCertificateKeyFile", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL Server Private Key file ('/path/to/file' - PEM encoded)",
                call -> config(call).keys.add(file(call))));
        registry.directive(Directive.of("SSLCertificateChainFile", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL Server CA Certificate Chain file ('/path/to/file' - PEM encoded)",
                call -> config(call).chain = file(call)));
        registry.directive(Directive.of("SSLProtocol", ArgShape.RAW_ARGS, SERVER_OR_VHOST,
                "Enable or disable various SSL protocols ('[+-][SSLv3|TLSv1|TLSv1.1|TLSv1.2|TLSv1.3] ...' - see manual)",
                SslModule::protocol));
        registry.directive(Directive.of("SSLCipherSuite", ArgShape.TAKE12, Directive.ANYWHERE,
                "Colon-delimited list of permitted SSL Ciphers, optional preceded by protocol identifier"
                        + " ('XXX:...:XXX' - see manual)", SslModule::cipherSuite));
        registry.directive(Directive.of("SSLVerifyClient", ArgShape.TAKE1, Directive.ANYWHERE,
                "SSL Client verify type ('none', 'optional', 'require', 'optional_no_ca')", SslModule::verifyClient));
        registry.directive(Directive.of("SSLVerifyDepth", ArgShape.TAKE1, Directive.ANYWHERE,
                "SSL Client verify depth ('N' - number of intermediate certificates)", SslModule::verifyDepth));
        registry.directive(Directive.of("SSLCACertificateFile", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL CA Certificate file ('/path/to/file' - PEM encoded)",
                call -> config(call).caCertificateFile = file(call)));
        registry.directive(Directive.of("SSLCACertificatePath", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL CA Certificate path ('/path/to/dir' - contains PEM encoded files)", SslModule::caCertificatePath));
        registry.directive(Directive.of("SSLCARevocationFile", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL CA Certificate Revocation List file ('/path/to/file' - PEM encoded)",
                call -> config(call).caRevocationFile = file(call)));
        registry.directive(Directive.of("SSLCARevocationPath", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL CA Certificate Revocation List path ('/path/to/dir' - contains PEM encoded files)",
                SslModule::caRevocationPath));
        registry.directive(Directive.of("SSLCARevocationCheck", ArgShape.RAW_ARGS, SERVER_OR_VHOST,
                "SSL CA Certificate Revocation List check mode ('none', 'chain', 'leaf' [no_crl_for_cert_ok])",
                SslModule::revocationCheck));
        registry.directive(Directive.of("SSLHonorCipherOrder", ArgShape.FLAG, SERVER_OR_VHOST,
                "Use the server's cipher ordering preference", call -> config(call).honorCipherOrder = call.flag()));
        registry.directive(Directive.of("SSLStrictSNIVHostCheck", ArgShape.FLAG, SERVER_OR_VHOST,
                "Strict SNI virtual host checking", call -> config(call).strictSniVHostCheck = call.flag()));
        registry.directive(Directive.of("SSLSessionTickets", ArgShape.FLAG, SERVER_OR_VHOST,
                "Enable or disable TLS session tickets(`on', `off')", call -> config(call).sessionTickets = call.flag()));
        registry.directive(Directive.of("SSLSessionCacheTimeout", ArgShape.TAKE1, SERVER_OR_VHOST,
                "SSL Session Cache object lifetime ('N' - number of seconds)", SslModule::sessionCacheTimeout));
        // the JDK keeps TLS sessions in memory and seeds its random numbers from the system:
        // these are accepted so that httpd's configurations need no change
        registry.directive(Directive.of("SSLSessionCache", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "SSL Session Cache storage ('none', 'nonenotnull', 'dbm:/path/to/file')", call -> { }));
        registry.directive(Directive.of("SSLRandomSeed", ArgShape.TAKE23, Directive.SERVER_ONLY,
                "SSL Pseudo Random Number Generator (PRNG) seeding source"
                        + " ('startup|connect builtin|file:/path|exec:/path [bytes]')", SslModule::randomSeed));
        registry.directive(Directive.of("SSLPassPhraseDialog", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "SSL dialog mechanism for the pass phrase query ('builtin', '|/path/to/pipe_program',"
                        + " 'exec:/path/to/cgi_program')", call -> { }));
        registry.directive(Directive.of("SSLCompression", ArgShape.FLAG, SERVER_OR_VHOST,
                "Enable SSL level compression (`on', `off')", SslModule::compression));
        registry.directive(Directive.of("SSLUseStapling", ArgShape.FLAG, SERVER_OR_VHOST,
                "SSL switch for the OCSP Stapling protocol (`on', `off')", SslModule::stapling));
        registry.directive(Directive.of("SSLStaplingCache", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "SSL Stapling Response Cache storage ('dbm:/path/to/file')", call -> { }));
        registry.directive(Directive.of("SSLInsecureRenegotiation", ArgShape.FLAG, SERVER_OR_VHOST,
                "Enable support for insecure renegotiation", call -> {
                    if (call.flag()) {
                        throw call.error("SSLInsecureRenegotiation on is not supported: the JDK's TLS refuses"
                                + " renegotiation without RFC 5746, and Sluice never renegotiates");
                    }
                }));
        registry.directive(Directive.of("SSLProxyEngine", ArgShape.FLAG, SERVER_OR_VHOST,
                "SSL switch for the proxy protocol engine ('on', 'off')", call -> {
                    if (call.flag()) {
                        throw call.error("SSLProxyEngine on is not supported: the proxy module forwards to http://"
                                + " backends only");
                    }
                }));
        registry.directive(Directive.of("SSLOpenSSLConfCmd", ArgShape.TAKE2, SERVER_OR_VHOST,
                "OpenSSL configuration command", SslModule::openSslConfCmd));
        registry.directive(Directive.withOverrides("SSLOptions", ArgShape.RAW_ARGS, Directive.ANYWHERE_AND_HTACCESS,
                EnumSet.of(OverrideClass.OPTIONS),
                "Set one or more options to configure the SSL engine('[+-]option[=value] ...' - see manual)",
                SslModule::options));
        registry.directive(Directive.withOverrides("SSLRequireSSL", ArgShape.NO_ARGS, Directive.ANYWHERE_AND_HTACCESS,
                EnumSet.of(OverrideClass.AUTH_CONFIG), "Require the SSL protocol for the per-directory context",
                call -> call.dirConfig(SslDirConfig.KEY).requireSsl()));
        registry.directive(Directive.withOverrides("SSLUserName", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS,
                EnumSet.of(OverrideClass.AUTH_CONFIG), "Set user name to SSL variable value",
                call -> call.dirConfig(SslDirConfig.KEY).userName(call.arg(0))));
        // %{SSL_PROTOCOL}x and the other variables of TlsSession, "-" on a plain connection
        registry.logItem('x', SslModule::variableItem);
    }

    private static org.sluice.log.LogItem variableItem(String name) {
        return (line, event) -> {
            TlsSession tls = event.connection().tls();
            String value = tls == null || name == null ? null : tls.variable(name);
            org.sluice.log.LogItem.appendEscapedOrDash(line, value, java.nio.charset.StandardCharsets.UTF_8);
        };
    }

    private static SslConfig config(DirectiveCall call) {
        return call.serverConfig(SslConfig.KEY);
    }

    private static void engine(DirectiveCall call) throws ConfigException {
        SslConfig config = config(call);
        switch (call.arg(0).toLowerCase(Locale.ROOT)) {
            case "on" -> config.engine = true;
            case "off" -> config.engine = false;
            case "optional" -> throw call.error("SSLEngine optional (TLS by HTTP's Upgrade header, RFC 2817) is"
                    + " not supported: no browser uses it; use 'on' on a port of its own");
            case "addr" -> throw call.error("SSLEngine addr is not supported: use 'on' in the <VirtualHost>");
            default -> throw call.error("Argument must be On, Off, or Optional");
        }
        config.engineAt = call.location();
    }

    /** A file as mod_ssl checks it when reading the configuration: it must exist and not be empty. */
    private static SslConfig.FileAt file(DirectiveCall call) throws ConfigException {
        Path path = call.resolve(call.arg(0));
        try {
            if (!Files.isRegularFile(path) || Files.size(path) == 0) {
                throw call.error(call.name() + ": file '" + path + "' does not exist or is empty");
            }
        } catch (java.io.IOException e) {
            throw call.error(call.name() + ": file '" + path + "' does not exist or is empty");
        }
        return new SslConfig.FileAt(path, call.location());
    }

    /**
     * {@code SSLProtocol}: a word without a sign starts again from it, {@code +} adds and
     * {@code -} takes away; {@code all} is every protocol.
     */
    private static void protocol(DirectiveCall call) throws ConfigException {
        Set<String> protocols = new LinkedHashSet<>();
        List<String> words = words(call);
        if (words.isEmpty()) {
            throw call.error("SSLProtocol takes one argument, Enable or disable various SSL protocols");
        }
        for (String word : words) {
            char action = word.charAt(0) == '+' || word.charAt(0) == '-' ? word.charAt(0) : 0;
            String name = action == 0 ? word : word.substring(1);
            List<String> these;
            if (name.equals("SSLv2")) {
                if (action == '-') {
                    continue;
                }
                throw call.error("SSLProtocol: SSLv2 is no longer supported");
            } else if (name.equals("all")) {
                these = ALL;
            } else if (ALL.contains(name)) {
                these = List.of(name);
            } else {
                throw call.error("SSLProtocol: Illegal protocol '" + name + "'");
            }
            if (action == '-') {
                protocols.removeAll(these);
            } else {
                if (action == 0) {
                    protocols.clear();
                }
                protocols.addAll(these);
            }
        }
        SslConfig config = config(call);
        config.protocols = Set.copyOf(protocols);
        config.protocolsAt = call.location();
    }

    /**
     * {@code SSLCipherSuite [SSL|TLSv1.3] list}. The JDK, not OpenSSL, does the cryptography, so
     * OpenSSL's cipher expressions ({@code HIGH:!aNULL:!MD5}) cannot be evaluated: a list of
     * suites by name (OpenSSL's or the IANA names) is applied; a list that is only expressions
     * leaves the JDK's defaults, which are all strong suites with authentication. As in httpd,
     * the plain form sets the suites up to TLSv1.2 and the {@code TLSv1.3} form those of
     * TLSv1.3; what one does not set keeps the JDK's defaults. Names the JDK does not know are
     * left out.
     */
    private static void cipherSuite(DirectiveCall call) throws ConfigException {
        String list = call.args().get(call.args().size() - 1);
        boolean tls13 = false;
        if (call.args().size() == 2) {
            String protocol = call.arg(0);
            if (protocol.equalsIgnoreCase("TLSv1.3")) {
                tls13 = true;
            } else if (!protocol.equalsIgnoreCase("SSL")) {
                throw call.error("SSLCipherSuite: protocol '" + protocol + "' not supported (use SSL or TLSv1.3)");
            }
        }
        if (call.scope() == Scope.SECTION) {
            throw call.error("SSLCipherSuite in a section would need a renegotiation, which Sluice does not do"
                    + " (TLSv1.3 has none): set it for the server or the virtual host");
        }
        List<String> suites = new ArrayList<>();
        for (String element : list.split("[:, ]+")) {
            if (element.isEmpty() || "!+-@".indexOf(element.charAt(0)) >= 0 || element.equals(element.toUpperCase(Locale.ROOT))
                    && element.indexOf('-') < 0 && element.indexOf('_') < 0) {
                // an expression (HIGH, !aNULL, +RC4, @STRENGTH) or a keyword (HIGH, ALL, DEFAULT)
                continue;
            }
            String javaName = element.startsWith("TLS_") || element.startsWith("SSL_") ? element
                    : io.netty.handler.ssl.CipherSuiteConverter.toJava(element, "TLS");
            if (javaName != null) {
                suites.add(javaName);
            }
        }
        SslConfig config = config(call);
        if (tls13) {
            config.tls13CipherSuites = suites.isEmpty() ? null : List.copyOf(suites);
        } else {
            config.cipherSuites = suites.isEmpty() ? null : List.copyOf(suites);
        }
        config.cipherSuitesAt = call.location();
    }

    private static void verifyClient(DirectiveCall call) throws ConfigException {
        String mode = call.arg(0).toLowerCase(Locale.ROOT);
        if (!List.of("none", "optional", "require", "optional_no_ca").contains(mode)) {
            throw call.error("SSLVerifyClient: Invalid argument '" + call.arg(0) + "'");
        }
        if (call.scope() == Scope.SECTION) {
            throw call.error("SSLVerifyClient in a section would need a renegotiation, which Sluice does not do"
                    + " (TLSv1.3 has none): set it for the server or the virtual host");
        }
        SslConfig config = config(call);
        config.verifyClient = mode;
        config.verifyClientAt = call.location();
    }

    /** Accepted: the JDK's certificate path checks bound the chain themselves. */
    private static void verifyDepth(DirectiveCall call) throws ConfigException {
        try {
            if (Integer.parseInt(call.arg(0)) < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw call.error("SSLVerifyDepth: Invalid argument '" + call.arg(0) + "'");
        }
    }

    private static void caCertificatePath(DirectiveCall call) throws ConfigException {
        Path path = call.resolve(call.arg(0));
        if (!Files.isDirectory(path)) {
            throw call.error("SSLCACertificatePath: directory '" + path + "' does not exist");
        }
        config(call).caCertificatePath = new SslConfig.FileAt(path, call.location());
    }

    private static void caRevocationPath(DirectiveCall call) throws ConfigException {
        Path path = call.resolve(call.arg(0));
        if (!Files.isDirectory(path)) {
            throw call.error("SSLCARevocationPath: directory '" + path + "' does not exist");
        }
        config(call).caRevocationPath = new SslConfig.FileAt(path, call.location());
    }

    /** {@code SSLCARevocationCheck none|chain|leaf [no_crl_for_cert_ok]}. */
    private static void revocationCheck(DirectiveCall call) throws ConfigException {
        List<String> words = call.args();
        if (words.isEmpty()) {
            throw call.error("SSLCARevocationCheck takes a mode: none, chain or leaf");
        }
        String mode = words.get(0).toLowerCase(Locale.ROOT);
        if (!List.of("none", "chain", "leaf").contains(mode)) {
            throw call.error("SSLCARevocationCheck: Invalid argument '" + words.get(0) + "'");
        }
        boolean noCrlOk = false;
        for (String flag : words.subList(1, words.size())) {
            if (!flag.equalsIgnoreCase("no_crl_for_cert_ok")) {
                throw call.error("SSLCARevocationCheck: Invalid argument '" + flag + "'");
            }
            noCrlOk = true;
        }
        SslConfig config = config(call);
        config.revocationCheck = mode;
        config.noCrlForCertOk = noCrlOk;
        config.revocationCheckAt = call.location();
    }

    private static void sessionCacheTimeout(DirectiveCall call) throws ConfigException {
        try {
            int seconds = Integer.parseInt(call.arg(0));
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            config(call).sessionCacheTimeout = seconds;
        } catch (NumberFormatException e) {
            throw call.error("SSLSessionCacheTimeout: Invalid argument");
        }
    }

    private static void randomSeed(DirectiveCall call) throws ConfigException {
        String context = call.arg(0).toLowerCase(Locale.ROOT);
        if (!context.equals("startup") && !context.equals("connect")) {
            throw call.error("SSLRandomSeed: invalid context: `" + call.arg(0) + "'");
        }
    }

    private static void compression(DirectiveCall call) throws ConfigException {
        if (call.flag()) {
            throw call.error("Setting Compression mode unsupported; not implemented by the SSL library"
                    + " (TLS compression is insecure, see CRIME)");
        }
    }

    /**
     * Accepted, as httpd goes on when a certificate names no OCSP responder: the JDK's TLS here
     * staples nothing, and clients check revocation themselves. Said when the configuration
     * takes effect; a certificate that demands stapling (TLS feature "must staple") is refused.
     */
    private static void stapling(DirectiveCall call) {
        SslConfig config = config(call);
        config.stapling = call.flag();
        config.staplingAt = call.location();
    }

    /** OpenSSL's names of key exchange groups, as the JDK names them; others are taken as written. */
    private static final java.util.Map<String, String> GROUP_NAMES = java.util.Map.of(
            "prime256v1", "secp256r1", "p-256", "secp256r1", "p-384", "secp384r1", "p-521", "secp521r1");

    /**
     * {@code SSLOpenSSLConfCmd Curves|Groups X25519:prime256v1:secp384r1} (Mozilla's recommended
     * configuration has it): the key exchange groups, in order. OpenSSL's other commands have no
     * counterpart in the JDK's TLS and are refused.
     */
    private static void openSslConfCmd(DirectiveCall call) throws ConfigException {
        String command = call.arg(0);
        String bare = command.startsWith("-") ? command.substring(1) : command;
        if (!bare.equalsIgnoreCase("Curves") && !bare.equalsIgnoreCase("Groups")) {
            throw call.error("SSLOpenSSLConfCmd " + command + ": only Curves and Groups are supported (the JDK's TLS"
                    + " has no OpenSSL configuration commands; see SSLProtocol, SSLCipherSuite, SSLHonorCipherOrder)");
        }
        List<String> groups = new ArrayList<>();
        for (String name : call.arg(1).split(":")) {
            String lower = name.strip().toLowerCase(Locale.ROOT);
            if (lower.isEmpty()) {
                throw call.error("SSLOpenSSLConfCmd " + command + ": empty group name in '" + call.arg(1) + "'");
            }
            groups.add(GROUP_NAMES.getOrDefault(lower, lower));
        }
        List<String> supported;
        try {
            supported = List.of(javax.net.ssl.SSLContext.getDefault().getSupportedSSLParameters().getNamedGroups());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw call.error("SSLOpenSSLConfCmd: no TLS in this JVM: " + e.getMessage());
        }
        for (String group : groups) {
            if (supported.stream().noneMatch(group::equalsIgnoreCase)) {
                throw call.error("SSLOpenSSLConfCmd " + command + ": the JVM does not support the group '" + group
                        + "' (it supports " + String.join(", ", supported) + ")");
            }
        }
        SslConfig config = config(call);
        config.namedGroups = groups;
        config.namedGroupsAt = call.location();
    }

    private static void options(DirectiveCall call) throws ConfigException {
        SslDirConfig options = call.dirConfig(SslDirConfig.KEY);
        for (String word : words(call)) {
            char action = word.charAt(0) == '+' || word.charAt(0) == '-' ? word.charAt(0) : 0;
            String name = action == 0 ? word : word.substring(1);
            SslDirConfig.Option option = null;
            for (SslDirConfig.Option o : SslDirConfig.Option.values()) {
                if (o.word().equalsIgnoreCase(name)) {
                    option = o;
                }
            }
            if (option == null) {
                throw call.error("SSLOptions: Illegal option '" + name + "'");
            }
            options.apply(option, action);
        }
    }

    private static List<String> words(DirectiveCall call) {
        List<String> words = new ArrayList<>();
        for (String w : call.rawArgs().trim().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
