package org.sluice.internal.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.X509TrustManager;
import org.sluice.config.ConfigException;
import org.sluice.server.VirtualHost;

/**
 * Turns a host's {@code SSL*} directives into the JDK's TLS context, checking what mod_ssl
 * checks when it starts: a certificate and a key for every host with {@code SSLEngine on}, keys
 * that belong to their certificates, protocols the JDK can speak.
 */
final class TlsContexts {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** The DER of PKCS#8's header for an RSA key, before the PKCS#1 key itself (RFC 5208, RFC 8017). */
    private static final byte[] RSA_ALGORITHM = {
            0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};

    private TlsContexts() {
    }

    /**
     * The TLS context of {@code host}, which has {@code SSLEngine on} or a certificate for STARTTLS.
     *
     * @param clientTrust what {@link #clientTrust} made for the host (null: no client certificates)
     */
    static SslContext build(VirtualHost host, SslConfig config, X509TrustManager clientTrust, List<String> warnings)
            throws ConfigException {
        if (config.certificates.isEmpty()) {
            throw new ConfigException(config.engineAt, "SSLEngine on: no certificate configured for "
                    + describe(host) + " (add SSLCertificateFile and SSLCertificateKeyFile)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            for (int i = 0; i < config.certificates.size(); i++) {
                SslConfig.FileAt certificateFile = config.certificates.get(i);
                List<X509Certificate> chain = certificates(certificateFile);
                if (config.chain != null) {
                    chain.addAll(certificates(config.chain));
                }
                SslConfig.FileAt keyFile = i < config.keys.size() ? config.keys.get(i) : certificateFile;
                PrivateKey key = privateKey(keyFile, i < config.keys.size());
                if (i == 0) {
                    checkServerCertificate(host, chain.get(0), certificateFile, warnings);
                }
                if (Boolean.TRUE.equals(config.stapling)) {
                    checkStapling(host, config, chain.get(0), certificateFile, warnings, i == 0);
                }
                if (!matches(key, chain.get(0))) {
                    throw new ConfigException(keyFile.location(), "Certificate and private key of " + describe(host)
                            + " from " + certificateFile.path() + " and " + keyFile.path() + " do not match");
                }
                store.setKeyEntry("key" + i, key, password, chain.toArray(new X509Certificate[0]));
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), clientTrust == null ? null
                    : new javax.net.ssl.TrustManager[] {acceptingTrust(config, clientTrust)}, null);
            if (config.sessionCacheTimeout != null) {
                SSLSessionContext sessions = context.getServerSessionContext();
                sessions.setSessionTimeout(config.sessionCacheTimeout);
            }
            String[] protocols = protocols(context, config);
            List<String> suites = suites(context, config);
            ClientAuth clientAuth = switch (config.verifyMode()) {
                case "require" -> ClientAuth.REQUIRE;
                case "optional", "optional_no_ca" -> ClientAuth.OPTIONAL;
                default -> ClientAuth.NONE;
            };
            return configured(new JdkSslContext(context, false, suites,
                    IdentityCipherSuiteFilter.INSTANCE_DEFAULTING_TO_SUPPORTED_CIPHERS, null, clientAuth, protocols, false),
                    config);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(config.engineAt != null ? config.engineAt : config.certificates.get(0).location(),
                    "Unable to configure TLS for " + describe(host) + ": " + e);
        }
    }

    /**
     * {@code context}, whose every engine (after SNI, and under STARTTLS) also gets what only an
     * engine's parameters say: {@code SSLHonorCipherOrder} and the key exchange groups of
     * {@code SSLOpenSSLConfCmd Groups}.
     */
    private static SslContext configured(SslContext context, SslConfig config) {
        boolean honorOrder = Boolean.TRUE.equals(config.honorCipherOrder);
        String[] groups = config.namedGroups == null ? null : config.namedGroups.toArray(new String[0]);
        if (!honorOrder && groups == null) {
            return context;
        }
        return new io.netty.handler.ssl.DelegatingSslContext(context) {
            @Override
            protected void initEngine(javax.net.ssl.SSLEngine engine) {
                javax.net.ssl.SSLParameters parameters = engine.getSSLParameters();
                if (honorOrder) {
                    parameters.setUseCipherSuitesOrder(true);
                }
                if (groups != null) {
                    parameters.setNamedGroups(groups);
                }
                engine.setSSLParameters(parameters);
            }
        };
    }

    /** The TLS feature extension (RFC 7633) whose status_request (5) makes a certificate "must staple". */
    private static final String TLS_FEATURE = "1.3.6.1.5.5.7.1.24";

    /**
     * {@code SSLUseStapling on}: a certificate that demands stapled OCSP responses is refused
     * (clients would refuse it without one); otherwise the host is served without stapling, and
     * a warning says so once.
     */
    private static void checkStapling(VirtualHost host, SslConfig config, X509Certificate certificate,
            SslConfig.FileAt file, List<String> warnings, boolean first) throws ConfigException {
        byte[] feature = certificate.getExtensionValue(TLS_FEATURE);
        // DER: OCTET STRING { SEQUENCE OF INTEGER }; status_request is the INTEGER 5
        if (feature != null && containsStatusRequest(feature)) {
            throw new ConfigException(config.staplingAt, "SSLUseStapling on: the certificate of " + describe(host)
                    + " in " + file.path() + " demands OCSP stapling (TLS feature status_request), which Sluice"
                    + " does not do; clients would refuse it");
        }
        if (first) {
            warnings.add(config.staplingAt + ": " + describe(host) + " SSLUseStapling on: OCSP responses are not"
                    + " stapled (the JDK's TLS is not set up for it here); clients check revocation themselves");
        }
    }

    private static boolean containsStatusRequest(byte[] extension) {
        for (int i = 0; i + 2 < extension.length; i++) {
            if (extension[i] == 0x02 && extension[i + 1] == 0x01 && extension[i + 2] == 0x05) {
                return true;
            }
        }
        return false;
    }

    /**
     * The suites {@code SSLCipherSuite} chose, those of TLSv1.3 and those before apart (the JDK's
     * defaults for the part it did not set); null when it chose none, for all the JDK's defaults.
     */
    private static List<String> suites(SSLContext context, SslConfig config) throws ConfigException {
        if (config.cipherSuites == null && config.tls13CipherSuites == null) {
            return null;
        }
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
        List<String> defaults = Arrays.asList(context.getDefaultSSLParameters().getCipherSuites());
        List<String> chosen = new ArrayList<>();
        for (boolean tls13 : new boolean[] {true, false}) {
            List<String> listed = tls13 ? config.tls13CipherSuites : config.cipherSuites;
            List<String> part = (listed != null ? listed : defaults).stream()
                    .filter(supported::contains).filter(name -> isTls13(name) == tls13).toList();
            if (listed != null && part.isEmpty()) {
                throw new ConfigException(config.cipherSuitesAt, "SSLCipherSuite: none of the cipher suites listed is"
                        + " one the JVM supports for " + (tls13 ? "TLSv1.3" : "TLSv1.2 and before")
                        + " (" + String.join(":", listed) + ")");
            }
            chosen.addAll(part);
        }
        return chosen;
    }

    /** TLSv1.3's suites name no key exchange: TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256. */
    private static boolean isTls13(String suite) {
        return suite.startsWith("TLS_") && !suite.contains("_WITH_") && !suite.endsWith("_SCSV");
    }

    /**
     * What verifies client certificates: the CAs of {@code SSLCACertificateFile} and
     * {@code SSLCACertificatePath}; null when {@code SSLVerifyClient} asks for none.
     */
    static X509TrustManager clientTrust(VirtualHost host, SslConfig config) throws ConfigException {
        String mode = config.verifyMode();
        if (mode.equals("none")) {
            return null;
        }
        List<X509Certificate> authorities = new ArrayList<>();
        if (config.caCertificateFile != null) {
            authorities.addAll(certificates(config.caCertificateFile));
        }
        if (config.caCertificatePath != null) {
            // files without a certificate (a README, a CRL) are passed over
            for (SslConfig.FileAt file : filesIn(config.caCertificatePath)) {
                authorities.addAll(certificatesIn(file));
            }
        }
        if (authorities.isEmpty()) {
            if (mode.equals("optional_no_ca")) {
                return new AcceptingTrust(null);
            }
            throw new ConfigException(config.verifyClientAt, "SSLVerifyClient " + mode + " for " + describe(host)
                    + ": no CA to verify client certificates against (add SSLCACertificateFile or SSLCACertificatePath)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca" + i, authorities.get(i));
            }
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            if (config.revocationMode().equals("none")) {
                factory.init(store);
            } else {
                factory.init(new javax.net.ssl.CertPathTrustManagerParameters(revocationChecked(host, config, store)));
            }
            for (javax.net.ssl.TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new GeneralSecurityException("no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(config.verifyClientAt, "Unable to configure client verification for "
                    + describe(host) + ": " + e);
        }
    }

    /**
     * Path building from the CAs of {@code store} that checks each certificate against the CRLs
     * of {@code SSLCARevocationFile} and {@code SSLCARevocationPath}: the client's own (leaf)
     * or every one up to the CA (chain). A certificate whose CA has no CRL there fails, as in
     * mod_ssl since 2.3.15, unless {@code no_crl_for_cert_ok}; no CRL or OCSP is fetched.
     */
    private static java.security.cert.PKIXBuilderParameters revocationChecked(VirtualHost host, SslConfig config,
            KeyStore store) throws ConfigException, GeneralSecurityException {
        List<java.security.cert.X509CRL> crls = new ArrayList<>();
        if (config.caRevocationFile != null) {
            crls.addAll(crlsIn(config.caRevocationFile));
            if (crls.isEmpty()) {
                throw new ConfigException(config.caRevocationFile.location(), "No CRL found in "
                        + config.caRevocationFile.path() + " (a PEM file with -----BEGIN X509 CRL----- is expected)");
            }
        }
        if (config.caRevocationPath != null) {
            // files without a CRL (a README, a certificate) are passed over
            for (SslConfig.FileAt file : filesIn(config.caRevocationPath)) {
                crls.addAll(crlsIn(file));
            }
        }
        if (config.caRevocationFile == null && config.caRevocationPath == null) {
            throw new ConfigException(config.revocationCheckAt, describe(host) + ": CRL checking has been enabled, but"
                    + " neither SSLCARevocationFile nor SSLCARevocationPath is configured");
        }
        java.security.cert.PKIXBuilderParameters parameters =
                new java.security.cert.PKIXBuilderParameters(store, new java.security.cert.X509CertSelector());
        parameters.addCertStore(java.security.cert.CertStore.getInstance("Collection",
                new java.security.cert.CollectionCertStoreParameters(crls)));
        var checker = (java.security.cert.PKIXRevocationChecker)
                java.security.cert.CertPathBuilder.getInstance("PKIX").getRevocationChecker();
        var options = java.util.EnumSet.of(java.security.cert.PKIXRevocationChecker.Option.PREFER_CRLS,
                java.security.cert.PKIXRevocationChecker.Option.NO_FALLBACK);
        if (config.revocationMode().equals("leaf")) {
            options.add(java.security.cert.PKIXRevocationChecker.Option.ONLY_END_ENTITY);
        }
        if (config.noCrlForCertOk) {
            // the JDK's soft failure is for an undetermined status: no CRL of the certificate's CA
            options.add(java.security.cert.PKIXRevocationChecker.Option.SOFT_FAIL);
        }
        checker.setOptions(options);
        parameters.addCertPathChecker(checker);
        parameters.setRevocationEnabled(true);
        return parameters;
    }

    /** The regular, non-empty files of the directory {@code dir} names, by name, each at {@code dir}'s line. */
    private static List<SslConfig.FileAt> filesIn(SslConfig.FileAt dir) throws ConfigException {
        List<SslConfig.FileAt> found = new ArrayList<>();
        try (var files = Files.list(dir.path())) {
            for (java.nio.file.Path file : files.sorted().toList()) {
                if (Files.isRegularFile(file) && Files.size(file) > 0) {
                    found.add(new SslConfig.FileAt(file, dir.location()));
                }
            }
        } catch (IOException e) {
            throw new ConfigException(dir.location(), "Unable to read " + dir.path() + ": " + e.getMessage());
        }
        return found;
    }

    /** The CRLs in a PEM file, in its order; none if it has none. */
    private static List<java.security.cert.X509CRL> crlsIn(SslConfig.FileAt file) throws ConfigException {
        List<java.security.cert.X509CRL> crls = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Pem block : pem(file)) {
                if (block.type().equals("X509 CRL")) {
                    crls.add((java.security.cert.X509CRL) factory.generateCRL(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(file.location(), "Unable to read the CRL in " + file.path() + ": " + e.getMessage());
        }
        return crls;
    }

    /**
     * Adds to {@code warnings} what mod_ssl warns of when it starts: a certificate that does not
     * name the host's {@code ServerName} (clients will refuse it), or that has expired or is not
     * valid yet.
     */
    static void checkServerCertificate(VirtualHost host, X509Certificate certificate, SslConfig.FileAt file,
            List<String> warnings) {
        String name = host.serverName();
        List<String> names = certificateNames(certificate);
        if (name != null && names.stream().noneMatch(n -> nameMatches(n, name))) {
            warnings.add(file.location() + ": " + describe(host) + " server certificate does NOT include an ID which"
                    + " matches the server name (it names " + (names.isEmpty() ? "nothing" : String.join(", ", names)) + ")");
        }
        java.util.Date now = new java.util.Date();
        if (certificate.getNotAfter().before(now)) {
            warnings.add(file.location() + ": " + describe(host) + " server certificate expired on "
                    + certificate.getNotAfter());
        } else if (certificate.getNotBefore().after(now)) {
            warnings.add(file.location() + ": " + describe(host) + " server certificate is not valid before "
                    + certificate.getNotBefore());
        }
    }

    /** The DNS names of a certificate: its subjectAltName entries, else its subject's CN. */
    static List<String> certificateNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            java.util.Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    // 2 is dNSName, 7 iPAddress (RFC 5280)
                    if (entry.size() >= 2 && (Integer.valueOf(2).equals(entry.get(0)) || Integer.valueOf(7).equals(entry.get(0)))) {
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // no usable alternative names: the CN below
        }
        if (names.isEmpty()) {
            try {
                for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(
                        certificate.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(String.valueOf(rdn.getValue()));
                    }
                }
            } catch (javax.naming.InvalidNameException e) {
                // no CN either
            }
        }
        return names;
    }

    /** A certificate's name against a host name: exactly, or by a wildcard for the first label. */
    private static boolean nameMatches(String certificateName, String hostName) {
        if (certificateName.equalsIgnoreCase(hostName)) {
            return true;
        }
        if (certificateName.startsWith("*.")) {
            int dot = hostName.indexOf('.');
            return dot > 0 && hostName.substring(dot).equalsIgnoreCase(certificateName.substring(1));
        }
        return false;
    }

    /** Whether the CAs of {@code trust} vouch for a client's {@code chain}. */
    static boolean vouches(X509TrustManager trust, X509Certificate[] chain) {
        if (trust instanceof AcceptingTrust accepting) {
            return accepting.authorities != null && vouches(accepting.authorities, chain);
        }
        try {
            trust.checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
            return true;
        } catch (java.security.cert.CertificateException e) {
            return false;
        }
    }

    /** The handshake's trust: the CAs', except under optional_no_ca, which takes any certificate. */
    private static X509TrustManager acceptingTrust(SslConfig config, X509TrustManager trust) {
        return config.verifyMode().equals("optional_no_ca") && !(trust instanceof AcceptingTrust)
                ? new AcceptingTrust(trust) : trust;
    }

    /**
     * {@code SSLVerifyClient optional_no_ca}: a client certificate is taken whoever signed it;
     * whether the CAs vouch for it is told apart afterwards ({@code SSL_CLIENT_VERIFY}
     * {@code SUCCESS} or {@code GENEROUS}).
     */
    static final class AcceptingTrust implements X509TrustManager {
        private final X509TrustManager authorities;

        AcceptingTrust(X509TrustManager authorities) {
            this.authorities = authorities;
        }

        /** Any certificate, except one the CAs' CRLs revoke (mod_ssl lets only CA errors pass). */
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            if (authorities == null) {
                return;
            }
            try {
                authorities.checkClientTrusted(chain, authType);
            } catch (java.security.cert.CertificateException e) {
                if (revoked(e)) {
                    throw e;
                }
            }
        }

        private static boolean revoked(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.security.cert.CertPathValidatorException invalid
                        && invalid.getReason() == java.security.cert.CertPathValidatorException.BasicReason.REVOKED) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server's trust is not asked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return authorities == null ? new X509Certificate[0] : authorities.getAcceptedIssuers();
        }
    }

    /** {@code SSLProtocol}'s protocols that the JVM can speak; all its enabled ones by default. */
    private static String[] protocols(SSLContext context, SslConfig config) throws ConfigException {
        List<String> enabled = Arrays.asList(context.getDefaultSSLParameters().getProtocols());
        if (config.protocols == null) {
            // httpd's default is "all -SSLv3"; the JDK's enabled protocols are at most that
            return enabled.toArray(new String[0]);
        }
        List<String> chosen = new ArrayList<>();
        for (String p : enabled) {
            if (config.protocols.contains(p)) {
                chosen.add(p);
            }
        }
        if (chosen.isEmpty()) {
            throw new ConfigException(config.protocolsAt, "SSLProtocol: none of " + String.join(" ", config.protocols)
                    + " is enabled in this JVM (it speaks " + String.join(" ", enabled) + ")");
        }
        return chosen.toArray(new String[0]);
    }

    private static List<X509Certificate> certificates(SslConfig.FileAt file) throws ConfigException {
        List<X509Certificate> chain = certificatesIn(file);
        if (chain.isEmpty()) {
            throw new ConfigException(file.location(), "No certificate found in " + file.path()
                    + " (a PEM file with -----BEGIN CERTIFICATE----- is expected)");
        }
        return chain;
    }

    /** The certificates in a PEM file, in its order; none if it has none. */
    private static List<X509Certificate> certificatesIn(SslConfig.FileAt file) throws ConfigException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Pem block : pem(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(file.location(), "Unable to read the certificate in " + file.path() + ": " + e.getMessage());
        }
        return chain;
    }

    /**
     * The private key in {@code file}: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code
     * BEGIN RSA PRIVATE KEY}). Encrypted keys are refused: no one is there to type a pass phrase.
     */
    private static PrivateKey privateKey(SslConfig.FileAt file, boolean ownFile) throws ConfigException {
        for (Pem block : pem(file)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, block.der());
                }
                case "RSA PRIVATE KEY" -> {
                    if (block.text().contains("Proc-Type: 4,ENCRYPTED")) {
                        throw encrypted(file);
                    }
                    return pkcs8(file, rsaPkcs8(block.der()));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                case "EC PRIVATE KEY" -> throw new ConfigException(file.location(), "The EC key in " + file.path()
                        + " is in OpenSSL's own format; convert it to PKCS#8 with: openssl pkey -in "
                        + file.path() + " -out key.pem");
                default -> {
                }
            }
        }
        throw new ConfigException(file.location(), "No private key found in " + file.path()
                + (ownFile ? "" : " (give it with SSLCertificateKeyFile)"));
    }

    private static ConfigException encrypted(SslConfig.FileAt file) {
        return new ConfigException(file.location(), "The private key in " + file.path()
                + " is encrypted; Sluice cannot ask for a pass phrase. Remove it with: openssl pkey -in "
                + file.path() + " -out key.pem");
    }

    private static PrivateKey pkcs8(SslConfig.FileAt file, byte[] der) throws ConfigException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new ConfigException(file.location(), "Unable to read the private key in " + file.path()
                + " (RSA, EC or EdDSA in PEM is expected)");
    }

    /** Wraps a PKCS#1 RSA key into PKCS#8: SEQUENCE { version, algorithm, OCTET STRING { key } }. */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] octets = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(RSA_ALGORITHM, octets);
        return concat(new byte[] {0x30}, length(body.length), body);
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "sluice".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private record Pem(String type, byte[] der, String text) {
    }

    private static List<Pem> pem(SslConfig.FileAt file) throws ConfigException {
        String text;
        try {
            if (Files.size(file.path()) > 1024 * 1024) {
                throw new ConfigException(file.location(), file.path() + " is larger than 1 MiB; a PEM file is expected");
            }
            text = Files.readString(file.path(), StandardCharsets.ISO_8859_1).replace("\r", "");
        } catch (IOException e) {
            throw new ConfigException(file.location(), "Unable to read " + file.path() + ": " + e.getMessage());
        }
        List<Pem> blocks = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            // RFC 1421 headers (Proc-Type, DEK-Info) come before an empty line
            int blank = body.indexOf("\n\n");
            String base64 = (body.contains(":") && blank >= 0 ? body.substring(blank) : body).replaceAll("\\s", "");
            try {
                blocks.add(new Pem(m.group(1), Base64.getDecoder().decode(base64), m.group(0)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file.location(), "Unable to read " + file.path() + ": bad base64 in its "
                        + m.group(1) + " block");
            }
        }
        return blocks;
    }

    static String describe(VirtualHost host) {
        return host.serverName() + (host.addresses().isEmpty() ? "" : ":" + host.addresses().get(0).getPort());
    }
}
