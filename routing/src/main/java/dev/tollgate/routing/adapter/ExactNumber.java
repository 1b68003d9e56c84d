package dev.tollgate.routing.adapter;

import jakarta.json.JsonNumber;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number written in plain notation: an amount of money like {@code 0.00000028875} stays readable and exact
 * instead of becoming {@code 2.8875E-7}, which JSON-P's own numbers print (it is valid JSON, but clients and people
 * misread it).
 */
final class ExactNumber implements JsonNumber {

    private final BigDecimal value;

    ExactNumber(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        this.value = stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    @Override
    public boolean isIntegral() {
        return value.scale() == 0;
    }

    @Override
    public int intValue() {
        return value.intValue();
    }

    @Override
    public int intValueExact() {
        return value.intValueExact();
    }

    @Override
    public long longValue() {
        return value.longValue();
    }

    @Override
    public long longValueExact() {
        return value.longValueExact();
    }

    @Override
    public BigInteger bigIntegerValue() {
        return value.toBigInteger();
    }

    @Override
    public BigInteger bigIntegerValueExact() {
        return value.toBigIntegerExact();
    }

    @Override
    public double doubleValue() {
        return value.doubleValue();
    }

    @Override
    public BigDecimal bigDecimalValue() {
        return value;
    }

    @Override
    public ValueType getValueType() {
        return ValueType.NUMBER;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonNumber number && value.compareTo(number.bigDecimalValue()) == 0;
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
