package org.sluice.internal.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sluice.config.ConfigLocation;
import org.sluice.config.ServerConfigKey;

/**
 * mod_ssl's per-server configuration (main server and each virtual host): what a virtual host
 * does not set it takes from the main server.
 */
final class SslConfig {

    static final ServerConfigKey<SslConfig> KEY = ServerConfigKey.of("ssl", SslConfig::new, SslConfig::merge);

    /** A configured file and the line that named it, for errors found when the file is read. */
    record FileAt(Path path, ConfigLocation location) {
    }

    Boolean engine;
    ConfigLocation engineAt;
    List<FileAt> certificates = new ArrayList<>();
    List<FileAt> keys = new ArrayList<>();
    FileAt chain;
    /** {@code SSLProtocol}'s result as the JDK names protocols; null for the default. */
    Set<String> protocols;
    ConfigLocation protocolsAt;
    /** {@code SSLCipherSuite}: the JDK names of the suites up to TLSv1.2 it lists; null for the JDK's defaults. */
    List<String> cipherSuites;
    /** {@code SSLCipherSuite TLSv1.3}: the TLSv1.3 suites it lists; null for the JDK's defaults. */
    List<String> tls13CipherSuites;
    ConfigLocation cipherSuitesAt;
    /** {@code SSLVerifyClient}: none, optional, require or optional_no_ca; null for none. */
    String verifyClient;
    ConfigLocation verifyClientAt;
    FileAt caCertificateFile;
    FileAt caCertificatePath;
    FileAt caRevocationFile;
    FileAt caRevocationPath;
    /** {@code SSLCARevocationCheck}: none, chain or leaf; null for none. */
    String revocationCheck;
    /** {@code SSLCARevocationCheck}'s {@code no_crl_for_cert_ok}: a certificate whose CA has no CRL passes. */
    boolean noCrlForCertOk;
    ConfigLocation revocationCheckAt;
    Boolean honorCipherOrder;
    /** {@code SSLOpenSSLConfCmd Curves|Groups}: the key exchange groups as the JDK names them; null for its defaults. */
    List<String> namedGroups;
    ConfigLocation namedGroupsAt;
    /** {@code SSLUseStapling}: asked for, and where; stapling is not done, which is said at start. */
    Boolean stapling;
    ConfigLocation staplingAt;
    Boolean strictSniVHostCheck;
    Boolean sessionTickets;
    Integer sessionCacheTimeout;

    boolean enabled() {
        return Boolean.TRUE.equals(engine);
    }

    /** The client certificate mode: {@code none} unless {@code SSLVerifyClient} said otherwise. */
    String verifyMode() {
        return verifyClient == null ? "none" : verifyClient;
    }

    /** The revocation check: {@code none} unless {@code SSLCARevocationCheck} said otherwise. */
    String revocationMode() {
        return revocationCheck == null ? "none" : revocationCheck;
    }

    boolean strictSni() {
        return Boolean.TRUE.equals(strictSniVHostCheck);
    }

    static SslConfig merge(SslConfig base, SslConfig host) {
        SslConfig merged = new SslConfig();
        merged.engine = host.engine != null ? host.engine : base.engine;
        merged.engineAt = host.engine != null ? host.engineAt : base.engineAt;
        merged.certificates = host.certificates.isEmpty() ? base.certificates : host.certificates;
        merged.keys = host.keys.isEmpty() ? base.keys : host.keys;
        merged.chain = host.chain != null ? host.chain : base.chain;
        merged.protocols = host.protocols != null ? host.protocols : base.protocols;
        merged.protocolsAt = host.protocols != null ? host.protocolsAt : base.protocolsAt;
        merged.cipherSuites = host.cipherSuites != null ? host.cipherSuites : base.cipherSuites;
        merged.tls13CipherSuites = host.tls13CipherSuites != null ? host.tls13CipherSuites : base.tls13CipherSuites;
        merged.cipherSuitesAt = host.cipherSuitesAt != null ? host.cipherSuitesAt : base.cipherSuitesAt;
        merged.verifyClient = host.verifyClient != null ? host.verifyClient : base.verifyClient;
        merged.verifyClientAt = host.verifyClient != null ? host.verifyClientAt : base.verifyClientAt;
        merged.caCertificateFile = host.caCertificateFile != null ? host.caCertificateFile : base.caCertificateFile;
        merged.caCertificatePath = host.caCertificatePath != null ? host.caCertificatePath : base.caCertificatePath;
        merged.caRevocationFile = host.caRevocationFile != null ? host.caRevocationFile : base.caRevocationFile;
        merged.caRevocationPath = host.caRevocationPath != null ? host.caRevocationPath : base.caRevocationPath;
        merged.revocationCheck = host.revocationCheck != null ? host.revocationCheck : base.revocationCheck;
        merged.noCrlForCertOk = host.revocationCheck != null ? host.noCrlForCertOk : base.noCrlForCertOk;
        merged.revocationCheckAt = host.revocationCheck != null ? host.revocationCheckAt : base.revocationCheckAt;
        merged.honorCipherOrder = host.honorCipherOrder != null ? host.honorCipherOrder : base.honorCipherOrder;
        merged.namedGroups = host.namedGroups != null ? host.namedGroups : base.namedGroups;
        merged.namedGroupsAt = host.namedGroups != null ? host.namedGroupsAt : base.namedGroupsAt;
        merged.stapling = host.stapling != null ? host.stapling : base.stapling;
        merged.staplingAt = host.stapling != null ? host.staplingAt : base.staplingAt;
        merged.strictSniVHostCheck = host.strictSniVHostCheck != null ? host.strictSniVHostCheck : base.strictSniVHostCheck;
        merged.sessionTickets = host.sessionTickets != null ? host.sessionTickets : base.sessionTickets;
        merged.sessionCacheTimeout = host.sessionCacheTimeout != null ? host.sessionCacheTimeout : base.sessionCacheTimeout;
        return merged;
    }
}
