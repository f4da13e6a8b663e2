"""Sync packages: keys and certificates, detached CMS, the package format, PAdES signing.

Database-independent: nothing here opens a session or builds SQL. The merge of a verified
package into the database lives in the services layer and consumes `VerifiedPackage`.
"""
