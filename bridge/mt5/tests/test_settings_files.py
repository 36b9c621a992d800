"""Secrets from files (NAME_FILE): the MT5 password and the CurveZMQ keys, as a Windows service reads them."""

from __future__ import annotations

import os
import tempfile
import unittest

import zmq

from hydra_bridge.settings import SettingsError, load_settings


class SecretsFromFiles(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.server_public, self.server_secret = (k.decode() for k in zmq.curve_keypair())
        self.client_public = zmq.curve_keypair()[0].decode()
        self.other_client = zmq.curve_keypair()[0].decode()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_curve_keys_from_files_plain_and_as_pyzmq_certificates(self):
        secret_cert = self.write(
            "server.key_secret",
            f'metadata\ncurve\n    public-key = "{self.server_public}"\n    secret-key = "{self.server_secret}"\n',
        )
        env = {
            "HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE": secret_cert,
            "HYDRA_BRIDGE_CURVE_PUBLIC_KEY_FILE": self.write("server.pub", self.server_public + "\n"),
            "HYDRA_BRIDGE_CURVE_CLIENTS_FILE": self.write("clients", f"{self.client_public}\n{self.other_client}\n"),
        }
        curve = load_settings(env).curve
        self.assertIsNotNone(curve)
        self.assertEqual(curve.secret_key, self.server_secret.encode())
        self.assertEqual(curve.public_key, self.server_public.encode())
        self.assertEqual(curve.clients, frozenset({self.client_public.encode(), self.other_client.encode()}))
        # one client's public certificate as the allow-list
        env["HYDRA_BRIDGE_CURVE_CLIENTS_FILE"] = self.write(
            "client.key", f'metadata\ncurve\n    public-key = "{self.client_public}"\n'
        )
        self.assertEqual(load_settings(env).curve.clients, frozenset({self.client_public.encode()}))

    def test_the_password_from_a_file(self):
        env = {
            "FTMO_LOGIN": "1",
            "FTMO_SERVER": "Demo",
            "FTMO_PASS_FILE": self.write("pass", "not-a-real-one\n"),
        }
        s = load_settings(env)
        self.assertEqual(s.password, "not-a-real-one")
        self.assertIn("not-a-real-one", s.secrets)

    def bad(self, env, field):
        with self.assertRaises(SettingsError) as cm:
            load_settings(env)
        self.assertIn(field, str(cm.exception))
        self.assertNotIn(self.server_secret, str(cm.exception))
        return str(cm.exception)

    def test_bad_files_name_the_variable_and_never_show_a_secret(self):
        key_file = self.write("secret", self.server_secret)
        both = {
            "HYDRA_BRIDGE_CURVE_SECRET_KEY": self.server_secret,
            "HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE": key_file,
        }
        self.assertIn("not both", self.bad(both, "HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE"))
        missing = {"HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE": os.path.join(self.dir.name, "nope")}
        self.assertIn("cannot read", self.bad(missing, "HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE"))
        garbage = {
            "HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE": self.write("garbage", "short"),
            "HYDRA_BRIDGE_CURVE_PUBLIC_KEY": self.server_public,
            "HYDRA_BRIDGE_CURVE_CLIENTS": self.client_public,
        }
        self.bad(garbage, "HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE")
        bad_client = {
            "HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE": key_file,
            "HYDRA_BRIDGE_CURVE_PUBLIC_KEY": self.server_public,
            "HYDRA_BRIDGE_CURVE_CLIENTS_FILE": self.write("clients-bad", "nonsense\n"),
        }
        self.bad(bad_client, "HYDRA_BRIDGE_CURVE_CLIENTS_FILE")


if __name__ == "__main__":
    unittest.main()
