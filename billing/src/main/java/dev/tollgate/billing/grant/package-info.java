/** Credits an operator gives an organisation (the way in while payments are off, and for goodwill). */
package dev.tollgate.billing.grant;
