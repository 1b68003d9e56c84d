package dev.tollgate.admin.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** The platform-wide default margin, applied where neither the endpoint nor its provider sets one. One row. */
@Entity
@Table(name = "platform_pricing")
public class PlatformPricing {

    @Id
    @Column(name = "only_row")
    private boolean onlyRow = true;

    @Column(name = "default_margin", nullable = false)
    private BigDecimal defaultMargin;

    protected PlatformPricing() {}

    public BigDecimal getDefaultMargin() {
        return defaultMargin;
    }

    public void setDefaultMargin(BigDecimal defaultMargin) {
        this.defaultMargin = defaultMargin;
    }
}
