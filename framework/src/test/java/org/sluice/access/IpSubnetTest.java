package org.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sluice.access.Fixtures.ip;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Address and network notation as APR parses it for {@code Require ip} and {@code Allow from}. */
class IpSubnetTest {

    @Test
    void partialAddressesCoverTheirNetwork() {
        assertThat(IpSubnet.parse("10.1").matches(ip("10.1.255.255"))).isTrue();
        assertThat(IpSubnet.parse("10.1.").matches(ip("10.1.0.1"))).isTrue();
        assertThat(IpSubnet.parse("10.1").matches(ip("10.10.0.1"))).isFalse();
    }

    @Test
    void hostBitsOfANetworkAreIgnored() {
        assertThat(IpSubnet.parse("10.1.2.3/16").matches(ip("10.1.9.9"))).isTrue();
    }

    @Test
    void ipv4MappedClientsMatchIpv4Networks() {
        assertThat(IpSubnet.parse("10.0.0.0/8").matches(ip("::ffff:10.1.2.3"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.256", "10..1", "1.2.3.4.5", "10.0.0.0/0", "10.0.0.0/33", "10.1/16",
            "10.0.0.0/255.0.x.0", "2001:db8::/129", "2001:zz8::1"})
    void invalidNotationIsRejected(String spec) {
        assertThatThrownBy(() -> IpSubnet.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }
}
