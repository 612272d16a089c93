package org.sluice.access;

/**
 * What an {@link AuthenticationProvider} answers for a user name and password (Apache's
 * {@code authn_status}).
 */
public enum AuthnStatus {
    /** The password is right. */
    GRANTED,
    /** The user is known and the password is wrong: stop, do not ask the next provider. */
    DENIED,
    /** This provider does not know the user: the next provider is asked. */
    USER_NOT_FOUND,
    /** The provider could not decide (its file or server is unavailable); already logged. */
    GENERAL_ERROR
}
